package dev.switchboard.orders;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.EventType;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.EventSubscription;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.messaging.MessageStatusChanged;
import dev.switchboard.events.messaging.SendMessageCommand;
import dev.switchboard.events.orders.OrderReceived;
import dev.switchboard.infra.SharedInfra;
import dev.switchboard.infra.SpringInfraProperties;
import dev.switchboard.simulators.SimulatorOptions;
import dev.switchboard.simulators.Simulators;
import org.junit.jupiter.api.BeforeEach;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service with the local profile against the shared test infrastructure and the CBB
 * simulator. Orders arrive on orders.received.v1 as webhook-ingest publishes them; send
 * commands are collected from messaging.commands.v1; message statuses are published as
 * messaging-service would. Subclasses share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
abstract class IntegrationSetup {

	static final Duration PATIENCE = Duration.ofSeconds(30);

	/** Every send command the service issued. */
	static final ConcurrentLinkedQueue<EventEnvelope<SendMessageCommand>> commands = new ConcurrentLinkedQueue<>();

	static Simulators simulators;

	static EventPublisher publisher;

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	OrdersApi api;

	@DynamicPropertySource
	static synchronized void infrastructure(DynamicPropertyRegistry registry) {
		SpringInfraProperties.forService(SharedInfra.get(), "orders")
			.forEach((name, value) -> registry.add(name, () -> value));
		if (simulators == null) {
			startCompanions();
		}
		registry.add("SWITCHBOARD_CBB_BASE_URL", () -> simulators.baseUrl() + "/cbb/api");
		registry.add("switchboard.outbound.allowed-hosts",
				() -> "localhost:" + java.net.URI.create(simulators.baseUrl()).getPort());
		registry.add("switchboard.orders.sync.delay", () -> "0s");
		registry.add("switchboard.orders.sync.retry-backoff", () -> "20ms");
		registry.add("switchboard.orders.sync.poll-interval", () -> "100ms");
		registry.add("switchboard.outbox.poll-interval", () -> "5m");
	}

	private static void startCompanions() {
		simulators = Simulators.start(SimulatorOptions.defaults());
		simulators.cbb().metaStatuses(false);
		KafkaSettings kafka = new KafkaSettings(SharedInfra.get().kafka().bootstrapServers(), "orders-it");
		publisher = new EventPublisher(kafka);
		EventSubscription sends = EventConsumer
			.builder(kafka, Topic.MESSAGING_COMMANDS, "orders-it", SendMessageCommand.class)
			.handler((consumed) -> Mono.fromRunnable(() -> commands.add(consumed.event())))
			.start();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			sends.close();
			publisher.close();
			simulators.close();
		}, "orders-it-companions"));
	}

	@BeforeEach
	void client() {
		this.api = new OrdersApi(this.port);
	}

	/** Publishes an order as webhook-ingest would; returns the event. */
	static EventEnvelope<OrderReceived> receive(String tenantId, Map<String, Object> body) {
		@SuppressWarnings("unchecked")
		Map<String, Object> order = (Map<String, Object>) body.get("order");
		String orderId = (String) order.get("id");
		OrderReceived received = new OrderReceived("vizi", orderId, (String) order.get("branch"), Instant.now(),
				"msg_" + orderId, body);
		EventEnvelope<OrderReceived> event = EventEnvelope.of(EventType.ORDER_RECEIVED_V1,
				URI.create("urn:switchboard:webhook-ingest"), tenantId, orderId, received);
		publish(event, tenantId + ":" + orderId);
		return event;
	}

	static void publish(EventEnvelope<?> event, String key) {
		publisher.publish(event, key).block(PATIENCE);
	}

	/** Reports a message status as messaging-service would. */
	static void status(String messageId, String channelId, String status) {
		MessageStatusChanged changed = new MessageStatusChanged(messageId, null, channelId, null, status, Instant.now(),
				"failed".equals(status) ? 131026 : null, "failed".equals(status) ? "Message undeliverable" : null);
		publish(EventEnvelope.of(EventType.MESSAGE_STATUS_CHANGED_V1, URI.create("urn:switchboard:messaging-service"),
				"demo", messageId, changed), "demo:" + messageId);
	}

	/** The platform id of a Vizi order: name-based on tenant, source and order id. */
	static String orderId(String tenantId, String externalOrderId) {
		return java.util.UUID
			.nameUUIDFromBytes(("order:" + tenantId + ":vizi:" + externalOrderId)
				.getBytes(java.nio.charset.StandardCharsets.UTF_8))
			.toString();
	}

	static List<EventEnvelope<SendMessageCommand>> commandsFor(String to) {
		return commands.stream().filter((command) -> to.equals(command.data().to())).toList();
	}

	/** A Vizi order body as Vizi posts it (see the reference payload). */
	static Map<String, Object> viziOrder(String orderId, String branch, String phoneCode, String phoneNumber,
			String currency, boolean alerts) {
		String json = """
				{"order":{"id":"%s","form_id":"frm_%s","branch":"%s","domain":"visanet.co.il","payment_processor":"stripe",
				  "payment_id":"pi_%s","amount":249,"currency":"%s","coupon":null,"status":"active"},
				 "form":{"id":"frm_%s","country":"india","quantity":2,"urgency":"none","termsAgreed":true,"orderId":"%s",
				  "fileTransferMethod":"form",
				  "client":{"name":"Dana Example","email":"dana@example.com","phone":{"code":"%s","number":"%s"},
				   "whatsappAlertsEnabled":%s},
				  "product":{"name":"india_tourist_month","country":"india","docType":"evisa","docName":"eVisa",
				   "intent":"tourism","entries":"double","validity":"month","valid_since":"approval","wait":3,
				   "price":{"ils":249},"instructions":["print"],"stay_limit":30},
				  "meta":{"url":"https://visanet.co.il/x","branch":"%s","domain":"visanet.co.il","referrer":"","step":5,
				   "completion":100,"resumed":false,"timestamp":1735689600000,"clientIp":"192.0.2.1","revision":3},
				  "entry":{"date":"2025-02-01","port":null},
				  "applicants":[{"id":"a1","passport":{"nationality":"il","firstName":"Dana","lastName":"Example",
				   "sex":"f","dateOfBirth":"1990-01-01","countryOfBirth":"il","number":"X0000000",
				   "dateOfIssue":"2020-01-01","dateOfExpiry":"2030-01-01","placeOfIssue":"il"}}]}}
				"""
			.formatted(orderId, orderId, branch, orderId, currency, orderId, orderId, phoneCode, phoneNumber, alerts,
					branch);
		return EventJson.mapper().readValue(json, new TypeReference<Map<String, Object>>() {
		});
	}

}
