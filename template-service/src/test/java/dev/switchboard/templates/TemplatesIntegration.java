package dev.switchboard.templates;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.EventSubscription;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.templates.TemplateChanged;
import dev.switchboard.events.tenants.ChannelConfig;
import dev.switchboard.events.tenants.TenantConfig;
import dev.switchboard.http.security.TestTokens;
import dev.switchboard.infra.SharedInfra;
import dev.switchboard.infra.SpringInfraProperties;
import dev.switchboard.simulators.SimulatorOptions;
import dev.switchboard.simulators.Simulators;
import dev.switchboard.tenants.SecretCipher;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The service with the local profile against the shared test infrastructure and the Meta
 * simulator over HTTP. Tenants {@code demo} (the simulator's demo WABA) and {@code acme}
 * (a WABA of its own) are on {@code tenants.config.v1} before the service starts, as the
 * gateway publishes them; every {@code TemplateChanged} is collected. Subclasses share
 * one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
public abstract class TemplatesIntegration {

	protected static final Duration PATIENCE = Duration.ofSeconds(30);

	static final String DEMO_WABA = SimulatorOptions.DEFAULT_WABA_ID;

	static final String ACME_WABA = "200000000000002";

	/** The local profile's secrets key. */
	static final String SECRETS_KEY = "local:bG9jYWwtc3dpdGNoYm9hcmQtc2VjcmV0cy1rZXktMzI=";

	static final ConcurrentLinkedQueue<EventEnvelope<TemplateChanged>> events = new ConcurrentLinkedQueue<>();

	static Simulators simulators;

	static EventPublisher publisher;

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@DynamicPropertySource
	static synchronized void infrastructure(DynamicPropertyRegistry registry) {
		SpringInfraProperties.forService(SharedInfra.get(), "templates")
			.forEach((name, value) -> registry.add(name, () -> value));
		if (simulators == null) {
			startCompanions();
		}
		registry.add("switchboard.templates.graph.base-url", simulators::baseUrl);
		registry.add("switchboard.templates.graph.page-size", () -> "25");
		registry.add("switchboard.templates.graph.retry-backoff", () -> "50ms");
		registry.add("switchboard.templates.sync.poll-interval", () -> "200ms");
	}

	private static void startCompanions() {
		// Meta's review webhooks go nowhere here (webhook-ingest is not part of this
		// test):
		// never to a local stack that may be listening on the usual port.
		simulators = Simulators
			.start(SimulatorOptions.defaults().withWebhookUrl("http://127.0.0.1:9/webhooks/whatsapp"));
		simulators.templates().reviewDelay(Duration.ofMillis(50));
		simulators.templates()
			.put(ACME_WABA,
					Map.of("name", "acme_welcome", "language", "en", "status", "APPROVED", "category", "MARKETING",
							"parameter_format", "POSITIONAL", "components",
							List.of(Map.of("type", "BODY", "text", "Welcome to Acme, we are glad to have you."))));
		KafkaSettings kafka = new KafkaSettings(SharedInfra.get().kafka().bootstrapServers(), "templates-it");
		publisher = new EventPublisher(kafka);
		SecretCipher cipher = SecretCipher.fromSpec(SECRETS_KEY);
		publish(tenant(cipher, "demo", "demo-meta", SimulatorOptions.DEMO_PHONE_NUMBER_ID, DEMO_WABA), "demo");
		publish(tenant(cipher, "acme", "acme-meta", "100000000000002", ACME_WABA), "acme");
		EventSubscription templates = EventConsumer
			.builder(kafka, Topic.TEMPLATES_EVENTS, "templates-it", TemplateChanged.class)
			.handler((consumed) -> Mono.fromRunnable(() -> events.add(consumed.event())))
			.start();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			templates.close();
			publisher.close();
			simulators.close();
		}, "templates-it-companions"));
	}

	static EventEnvelope<TenantConfig> tenant(SecretCipher cipher, String tenantId, String channelId,
			String phoneNumberId, String wabaId) {
		ChannelConfig channel = new ChannelConfig(channelId, ChannelConfig.META, phoneNumberId, wabaId,
				cipher.encrypt(tenantId + "-access-token", tenantId + "/" + channelId + "/accessToken"), List.of(),
				null, 80, null, null, true);
		return EventEnvelope.of(EventType.TENANT_CONFIG_V1, URI.create("urn:switchboard:gateway"), tenantId, tenantId,
				new TenantConfig(tenantId, tenantId, TenantConfig.ACTIVE, "standard", List.of(channel), List.of(), 1,
						Instant.now()));
	}

	static void publish(EventEnvelope<?> event, String key) {
		publisher.publish(event, key).block(PATIENCE);
	}

	/** The events published for one template, oldest first. */
	static List<TemplateChanged> eventsOf(String tenantId, String name, String language) {
		return events.stream()
			.filter((event) -> event.tenantId().equals(tenantId) && event.data().name().equals(name)
					&& event.data().language().equals(language))
			.map(EventEnvelope::data)
			.toList();
	}

	WebTestClient client() {
		return WebTestClient.bindToServer().baseUrl("http://localhost:" + this.port).responseTimeout(PATIENCE).build();
	}

	WebTestClient.ResponseSpec get(String tenantId, String path) {
		return client().get()
			.uri(path)
			.header("Authorization", TestTokens.bearer("template-service", tenantId, "templates:read"))
			.exchange();
	}

	Map<String, Object> json(String tenantId, String path) {
		return get(tenantId, path).expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
	}

	List<Map<String, Object>> jsonList(String tenantId, String path) {
		return get(tenantId, path).expectStatus().isOk().expectBody(LIST).returnResult().getResponseBody();
	}

	WebTestClient.ResponseSpec write(org.springframework.http.HttpMethod method, String tenantId, String path,
			Object body) {
		WebTestClient.RequestBodySpec request = client().method(method)
			.uri(path)
			.header("Authorization", TestTokens.bearer("template-service", tenantId, "templates:write"));
		return (body != null) ? request.bodyValue(body).exchange() : request.exchange();
	}

	Map<String, Object> post(String tenantId, String path) {
		return client().post()
			.uri(path)
			.header("Authorization", TestTokens.bearer("template-service", tenantId, "templates:write"))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
	}

	static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
	};

	static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

}
