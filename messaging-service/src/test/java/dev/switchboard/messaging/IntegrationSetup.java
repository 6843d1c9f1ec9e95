package dev.switchboard.messaging;

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

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service with the local profile against the shared test infrastructure and the Meta
 * simulator (behind a {@link GraphApiGate}). Subclasses share one application context;
 * simulators and Kafka clients live as long as the test JVM.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
abstract class IntegrationSetup {

	/** Every status change the service announced on messaging.events.v1. */
	static final ConcurrentLinkedQueue<MessageStatusChanged> changes = new ConcurrentLinkedQueue<>();

	static Simulators simulators;

	static GraphApiGate gate;

	static KafkaEvents events;

	@LocalServerPort
	int port;

	MessagingApi api;

	@DynamicPropertySource
	static synchronized void infrastructure(DynamicPropertyRegistry registry) {
		SpringInfraProperties.forService(SharedInfra.get(), "messaging")
			.forEach((name, value) -> registry.add(name, () -> value));
		if (simulators == null) {
			startCompanions();
		}
		registry.add("switchboard.meta.graph-base-url", gate::baseUrl);
		// Far beyond the tests' patience: the relay must run on its commit signal alone.
		registry.add("switchboard.messaging.outbox.poll-interval", () -> "5m");
	}

	private static void startCompanions() {
		simulators = Simulators.start(SimulatorOptions.defaults());
		// No webhook-ingest here: tests publish statuses to Kafka themselves.
		simulators.meta().autoStatuses(false);
		gate = new GraphApiGate(simulators.baseUrl());
		KafkaSettings kafka = new KafkaSettings(SharedInfra.get().kafka().bootstrapServers(), "messaging-it");
		EventPublisher publisher = new EventPublisher(kafka);
		events = new KafkaEvents(publisher);
		EventSubscription statusChanges = EventConsumer
			.builder(kafka, Topic.MESSAGING_EVENTS, "messaging-it", MessageStatusChanged.class)
			.handler((consumed) -> Mono.fromRunnable(() -> changes.add(consumed.event().data())))
			.start();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			statusChanges.close();
			publisher.close();
			gate.close();
			simulators.close();
		}, "messaging-it-companions"));
	}

	@BeforeEach
	void client() {
		this.api = new MessagingApi(this.port);
	}

}
