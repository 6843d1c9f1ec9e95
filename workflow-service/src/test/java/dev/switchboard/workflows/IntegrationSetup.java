package dev.switchboard.workflows;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.Topic;
import dev.switchboard.events.conversations.ConversationCommand;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.EventSubscription;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.messaging.SendMessageCommand;
import dev.switchboard.events.workflows.WorkflowRunChanged;
import dev.switchboard.infra.SharedInfra;
import dev.switchboard.infra.SpringInfraProperties;
import org.junit.jupiter.api.BeforeEach;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service with the local profile against the shared test infrastructure. Send
 * commands are collected from messaging.commands.v1, conversation commands from
 * conversations.commands.v1 and run events from workflows.events.v1; triggering events
 * are published as their owners would. Subclasses share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
@Import(TestHostResolver.class)
abstract class IntegrationSetup {

	static final Duration PATIENCE = Duration.ofSeconds(30);

	/** Every send command the service issued. */
	static final ConcurrentLinkedQueue<EventEnvelope<SendMessageCommand>> commands = new ConcurrentLinkedQueue<>();

	/** Every conversation command the service issued. */
	static final ConcurrentLinkedQueue<EventEnvelope<ConversationCommand>> conversationCommands = new ConcurrentLinkedQueue<>();

	/** Every run event the service published. */
	static final ConcurrentLinkedQueue<EventEnvelope<WorkflowRunChanged>> runEvents = new ConcurrentLinkedQueue<>();

	static EventPublisher publisher;

	/** An allow-listed local endpoint for http_call steps. */
	static DisposableServer endpoint;

	/** Calls of the endpoint's {@code /hook}. */
	static final AtomicInteger endpointCalls = new AtomicInteger();

	/**
	 * The headers of every call of the endpoint's {@code /secured} (which answers without
	 * echoing them).
	 */
	static final ConcurrentLinkedQueue<io.netty.handler.codec.http.HttpHeaders> securedCalls = new ConcurrentLinkedQueue<>();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	WorkflowsApi api;

	@DynamicPropertySource
	static synchronized void infrastructure(DynamicPropertyRegistry registry) {
		if (publisher == null) {
			startCompanions();
		}
		properties().forEach(registry::add);
	}

	/** The test settings of every instance: infrastructure and short intervals. */
	static java.util.Map<String, java.util.function.Supplier<Object>> properties() {
		java.util.Map<String, java.util.function.Supplier<Object>> properties = new java.util.LinkedHashMap<>();
		SpringInfraProperties.forService(SharedInfra.get(), "workflows")
			.forEach((name, value) -> properties.put(name, () -> value));
		properties.put("switchboard.workflows.executor.poll-interval", () -> "200ms");
		properties.put("switchboard.workflows.cron.poll-interval", () -> "200ms");
		properties.put("switchboard.outbox.poll-interval", () -> "500ms");
		properties.put("switchboard.outbound.allowed-hosts", () -> "localhost:" + endpoint.port());
		properties.put("switchboard.workflows.http.timeout", () -> "1s");
		properties.put("switchboard.workflows.http.max-response-bytes", () -> "1024");
		return properties;
	}

	private static void startCompanions() {
		endpoint = HttpServer.create()
			.host("localhost")
			.port(0)
			.route((routes) -> routes.post("/hook", (request, response) -> {
				endpointCalls.incrementAndGet();
				return response.header("Content-Type", "application/json")
					.sendString(
							Mono.just("{\"received\":\"" + request.requestHeaders().get("Idempotency-Key") + "\"}"));
			}).post("/secured", (request, response) -> {
				securedCalls.add(request.requestHeaders().copy());
				return response.header("Content-Type", "application/json").sendString(Mono.just("{\"ok\":true}"));
			})
				.get("/moved",
						(request, response) -> response.status(302)
							.header("Location", "http://localhost:" + endpoint.port() + "/hook")
							.send())
				.get("/large", (request, response) -> response.sendString(Mono.just("x".repeat(5000))))
				.get("/slow",
						(request, response) -> response
							.sendString(Mono.delay(Duration.ofSeconds(3)).map((late) -> "late"))))
			.bindNow();
		KafkaSettings kafka = new KafkaSettings(SharedInfra.get().kafka().bootstrapServers(), "workflows-it");
		publisher = new EventPublisher(kafka);
		EventSubscription sends = EventConsumer
			.builder(kafka, Topic.MESSAGING_COMMANDS, "workflows-it", SendMessageCommand.class)
			.handler((consumed) -> Mono.fromRunnable(() -> commands.add(consumed.event())))
			.start();
		EventSubscription runs = EventConsumer
			.builder(kafka, Topic.WORKFLOWS_EVENTS, "workflows-it", WorkflowRunChanged.class)
			.handler((consumed) -> Mono.fromRunnable(() -> runEvents.add(consumed.event())))
			.start();
		EventSubscription conversations = EventConsumer
			.builder(kafka, Topic.CONVERSATIONS_COMMANDS, "workflows-it", ConversationCommand.class)
			.handler((consumed) -> Mono.fromRunnable(() -> conversationCommands.add(consumed.event())))
			.start();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			sends.close();
			conversations.close();
			runs.close();
			publisher.close();
			endpoint.disposeNow();
		}, "workflows-it-companions"));
	}

	@BeforeEach
	void newApi() {
		this.api = new WorkflowsApi(this.port);
	}

	static String endpointUrl() {
		return "http://localhost:" + endpoint.port();
	}

	static void publish(EventEnvelope<?> event, String key) {
		publisher.publish(event, key).block(PATIENCE);
	}

	static List<EventEnvelope<SendMessageCommand>> commandsTo(String to) {
		return commands.stream().filter((command) -> to.equals(command.data().to())).toList();
	}

	static List<EventEnvelope<ConversationCommand>> commandsFor(String conversationId) {
		return conversationCommands.stream()
			.filter((command) -> conversationId.equals(command.data().conversationId()))
			.toList();
	}

	static List<WorkflowRunChanged> eventsOf(String runId) {
		return runEvents.stream().map(EventEnvelope::data).filter((event) -> runId.equals(event.runId())).toList();
	}

}
