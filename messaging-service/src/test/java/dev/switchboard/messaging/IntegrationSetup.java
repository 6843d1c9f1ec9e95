package dev.switchboard.messaging;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.EventSubscription;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.messaging.MessageStatusChanged;
import dev.switchboard.infra.SharedInfra;
import dev.switchboard.infra.SpringInfraProperties;
import dev.switchboard.simulators.SimulatorOptions;
import dev.switchboard.simulators.Simulators;
import org.junit.jupiter.api.BeforeEach;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service with the local profile against the shared test infrastructure and two
 * simulators: one for the foundation tests (behind a {@link GraphApiGate}, no automatic
 * statuses: tests publish them) and a "live" one whose status webhooks reach the service
 * through a {@link StatusRelay} (channels {@code demo-live}, {@code demo-flaky},
 * {@code demo-cbb}). Subclasses share one application context; simulators and Kafka
 * clients live as long as the test JVM. Public for tests of package-private parts in
 * other packages, which then share the one context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
@Import(TestNames.class)
public abstract class IntegrationSetup {

	/** Every status change the service announced on messaging.events.v1. */
	static final ConcurrentLinkedQueue<MessageStatusChanged> changes = new ConcurrentLinkedQueue<>();

	static final String DEMO_NUMBER = SimulatorOptions.DEMO_PHONE_NUMBER_ID;

	static final String FLAKY_NUMBER = "100000000000003";

	static final String TEMPLATES_TENANT = "tpl";

	static final String TEMPLATES_NUMBER = "100000000000019";

	static Simulators simulators;

	static Simulators live;

	static StatusRelay relay;

	static GraphApiGate gate;

	static KafkaEvents events;

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	DatabaseClient database;

	MessagingApi api;

	@DynamicPropertySource
	static synchronized void infrastructure(DynamicPropertyRegistry registry) {
		SpringInfraProperties.forService(SharedInfra.get(), "messaging")
			.forEach((name, value) -> registry.add(name, () -> value));
		if (simulators == null) {
			startCompanions();
		}
		registry.add("switchboard.meta.graph-base-url", gate::baseUrl);
		// Only the live simulator: any other host of a CBB channel is checked like in
		// production.
		registry.add("switchboard.outbound.allowed-hosts", () -> "localhost:" + URI.create(live.baseUrl()).getPort());
		channels().forEach((name, value) -> registry.add(name, () -> value));
		// Far beyond the tests' patience: the relay must run on its commit signal alone.
		registry.add("switchboard.outbox.poll-interval", () -> "5m");
		registry.add("switchboard.messaging.delivery.call-timeout", () -> "3s");
		registry.add("switchboard.messaging.delivery.reconcile-after", () -> "20s");
		registry.add("switchboard.messaging.delivery.retry-backoff", () -> "200ms");
		registry.add("switchboard.messaging.delivery.breaker-open-for", () -> "2s");
		registry.add("switchboard.messaging.delivery.scheduler-interval", () -> "200ms");
		registry.add("switchboard.messaging.delivery.stranded-after", () -> "20s");
		// SLA targets of seconds (queue policies) are seen within a fraction of one.
		registry.add("switchboard.messaging.inbox.sla.interval", () -> "250ms");
		// Read receipts (enabled by the local profile) sent, and retried, within a
		// fraction of a second; a call without an answer given up after one.
		registry.add("switchboard.messaging.inbox.read-receipts.interval", () -> "200ms");
		registry.add("switchboard.messaging.inbox.read-receipts.retry-backoff", () -> "200ms");
		registry.add("switchboard.messaging.inbox.read-receipts.max-retry-backoff", () -> "500ms");
		registry.add("switchboard.messaging.inbox.read-receipts.call-timeout", () -> "1s");
	}

	/** Every channel of the tests (a list binds from one property source only). */
	private static Map<String, String> channels() {
		Map<String, String> channels = new LinkedHashMap<>();
		channel(channels, 0, "demo", "demo-meta", "META", DEMO_NUMBER, "demo-access-token", null);
		channel(channels, 1, "acme", "acme-meta", "META", "100000000000002", "acme-access-token", null);
		channel(channels, 2, "demo", "demo-cbb", "CBB", DEMO_NUMBER, "demo-cbb-token", live.baseUrl() + "/cbb");
		channel(channels, 3, "demo", "demo-live", "META", DEMO_NUMBER, "demo-access-token", live.baseUrl());
		channel(channels, 4, "demo", "demo-flaky", "META", FLAKY_NUMBER, "demo-access-token", live.baseUrl());
		// The live simulator under a name that resolves to this machine: refused, never
		// called.
		channel(channels, 5, "demo", "demo-inside", "CBB", DEMO_NUMBER, "demo-cbb-token",
				"http://" + TestNames.INSIDE + ":" + URI.create(live.baseUrl()).getPort() + "/cbb");
		// A tenant of its own for the template tests: its synced templates switch
		// template
		// validation on (local profile: when-synced) for it alone, not for the demo
		// tenant.
		channel(channels, 6, TEMPLATES_TENANT, "tpl-meta", "META", TEMPLATES_NUMBER, "tpl-access-token", null);
		channels.put("switchboard.messaging.channels[6].template-fallbacks[order_alert]", "order_alert_basic");
		return channels;
	}

	private static void channel(Map<String, String> channels, int index, String tenant, String id, String provider,
			String number, String token, String baseUrl) {
		String prefix = "switchboard.messaging.channels[" + index + "].";
		channels.put(prefix + "tenant-id", tenant);
		channels.put(prefix + "channel-id", id);
		channels.put(prefix + "provider", provider);
		channels.put(prefix + "phone-number-id", number);
		channels.put(prefix + "access-token", token);
		if (baseUrl != null) {
			channels.put(prefix + "base-url", baseUrl);
		}
	}

	private static void startCompanions() {
		simulators = Simulators.start(SimulatorOptions.defaults());
		// No webhook-ingest here: tests publish statuses to Kafka themselves.
		simulators.meta().autoStatuses(false);
		simulators.cbb().metaStatuses(false);
		gate = new GraphApiGate(simulators.baseUrl());
		KafkaSettings kafka = new KafkaSettings(SharedInfra.get().kafka().bootstrapServers(), "messaging-it");
		EventPublisher publisher = new EventPublisher(kafka);
		events = new KafkaEvents(publisher);
		relay = new StatusRelay(publisher);
		live = Simulators.start(SimulatorOptions.defaults()
			.withWebhookUrl(relay.webhookUrl())
			.withDelays(Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(60)));
		EventSubscription statusChanges = EventConsumer
			.builder(kafka, Topic.MESSAGING_EVENTS, "messaging-it", MessageStatusChanged.class)
			.handler((consumed) -> Mono.fromRunnable(() -> changes.add(consumed.event().data())))
			.start();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			statusChanges.close();
			publisher.close();
			gate.close();
			relay.close();
			live.close();
			simulators.close();
		}, "messaging-it-companions"));
	}

	/** The base URL of the Meta simulator behind the demo channels (its control API). */
	public static String metaSimulatorUrl() {
		return simulators.baseUrl();
	}

	@BeforeEach
	void client() {
		this.api = new MessagingApi(this.port, (to) -> openWindow(DEMO_NUMBER, to));
	}

	/** The contact wrote to the number just now: free-form messages may go to them. */
	void openWindow(String number, String contact) {
		this.database
			.sql("INSERT INTO service_windows (tenant_id, phone_number_id, contact, last_inbound_at) "
					+ "VALUES ('demo', :number, :contact, :at) ON CONFLICT (tenant_id, phone_number_id, contact) "
					+ "DO UPDATE SET last_inbound_at = EXCLUDED.last_inbound_at")
			.bind("number", number)
			.bind("contact", contact.replaceAll("[^0-9]", ""))
			.bind("at", Instant.now())
			.then()
			.block(Duration.ofSeconds(10));
	}

}
