package dev.switchboard.ingest.whatsapp;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.EventType;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.tenants.ChannelConfig;
import dev.switchboard.events.tenants.OrderSourceConfig;
import dev.switchboard.events.tenants.TenantConfig;
import dev.switchboard.events.wa.WaRejectedWebhook;
import dev.switchboard.infra.SharedInfra;
import dev.switchboard.infra.SpringInfraProperties;
import dev.switchboard.ingest.TopicProbe;
import dev.switchboard.ingest.whatsapp.signature.SignatureVerifier;
import dev.switchboard.tenants.SecretCipher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.switchboard.ingest.whatsapp.WebhookFixtures.DEMO_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Channels and order sources from the gateway's tenant configuration: a channel appearing
 * on {@code tenants.config.v1} routes without a restart, its secrets opened with the
 * shared cipher; changes parked before it existed are re-driven to it when it holds the
 * app secret that signed them, and refused when it does not; re-deriving from the raw
 * archive republishes the same event ids.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
class TenantRoutingIT {

	private static final SecretCipher CIPHER = SecretCipher
		.fromSpec("local:bG9jYWwtc3dpdGNoYm9hcmQtc2VjcmV0cy1rZXktMzI=");

	private static final String REDRIVE_TOKEN = "local-redrive-token-0123456789";

	@LocalServerPort
	private int port;

	@Autowired
	private EventPublisher publisher;

	private WebTestClient client;

	private TopicProbe statuses;

	@DynamicPropertySource
	static void infra(DynamicPropertyRegistry registry) {
		SpringInfraProperties.forService(SharedInfra.get(), "public")
			.forEach((name, value) -> registry.add(name, () -> value));
	}

	@BeforeEach
	void connect() {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(60))
			.build();
		this.statuses = new TopicProbe(SharedInfra.get().kafka().bootstrapServers(), Topic.WA_STATUS.topicName());
	}

	@AfterEach
	void disconnect() {
		this.statuses.close();
	}

	@Test
	void routesAChannelOfTheTenantConfigurationAndReDrivesWhatWasParkedBeforeIt() {
		String suffix = Long.toString(System.nanoTime() % 1_000_000_000L);
		String tenantId = "t" + suffix;
		String phoneNumberId = "17" + "0".repeat(13 - suffix.length()) + suffix;
		Instant start = Instant.now().minusSeconds(1);
		Map<TopicPartition, Long> before = this.statuses.endOffsets();

		// Before the channel exists: parked, signed by the app the tenant's channel will
		// be
		// on (one Meta app serves several tenants).
		byte[] early = WebhookFixtures.recentStatusBatch(phoneNumberId, "wamid.EARLY-" + suffix, 1, 2);
		post(early, DEMO_SECRET).expectStatus().isOk();

		publishTenant(tenantId, phoneNumberId, DEMO_SECRET);
		awaitTenant(suffix);

		byte[] later = WebhookFixtures.recentStatusBatch(phoneNumberId, "wamid.LATER-" + suffix, 1, 1);
		post(later, DEMO_SECRET).expectStatus().isOk();
		assertThat(idsOfTenant(before, tenantId, 1)).hasSize(1);

		redrive("unrouted", start).jsonPath("$.published").isEqualTo(2);
		Set<String> routed = idsOfTenant(before, tenantId, 3);
		assertThat(routed).hasSize(3);

		// Everything re-derived from the raw archive keeps its id.
		redrive("raw", start).jsonPath("$.records").value((records) -> assertThat((Integer) records).isPositive());
		assertThat(idsOfTenant(before, tenantId, 6)).isEqualTo(routed);
	}

	@Test
	void neverTurnsAWebhookSignedWithOneAppsSecretIntoEventsOfATenantOnAnotherApp() {
		String suffix = Long.toString(System.nanoTime() % 1_000_000_000L);
		String tenantId = "b" + suffix;
		String phoneNumberId = "18" + "0".repeat(13 - suffix.length()) + suffix;
		String appSecret = "b-app-secret-" + suffix;
		Instant start = Instant.now().minusSeconds(1);
		Map<TopicPartition, Long> before = this.statuses.endOffsets();

		// Parked while no channel owns the number, signed with the demo app's secret.
		byte[] early = WebhookFixtures.recentStatusBatch(phoneNumberId, "wamid.EARLY-" + suffix, 1, 2);
		post(early, DEMO_SECRET).expectStatus().isOk();

		// The number then becomes tenant B's, on an app with another secret.
		publishTenant(tenantId, phoneNumberId, appSecret);
		awaitTenant(suffix);
		byte[] forged = WebhookFixtures.recentStatusBatch(phoneNumberId, "wamid.FORGED-" + suffix, 1, 1);
		post(forged, DEMO_SECRET).expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("INVALID_SIGNATURE");
		byte[] own = WebhookFixtures.recentStatusBatch(phoneNumberId, "wamid.OWN-" + suffix, 1, 1);
		post(own, appSecret).expectStatus().isOk();
		assertThat(idsOfTenant(before, tenantId, 1)).hasSize(1);

		try (TopicProbe rejected = new TopicProbe(SharedInfra.get().kafka().bootstrapServers(),
				Topic.WA_REJECTED.topicName())) {
			Map<TopicPartition, Long> rejectedBefore = rejected.endOffsets();

			redrive("unrouted", start).jsonPath("$.rejected")
				.value((count) -> assertThat((Integer) count).isPositive());
			redrive("raw", start).jsonPath("$.rejected").value((count) -> assertThat((Integer) count).isPositive());

			long written = TopicProbe.total(rejected.endOffsets()) - TopicProbe.total(rejectedBefore);
			List<WaRejectedWebhook> refusals = rejected.readFrom(rejectedBefore, (int) written)
				.stream()
				.map((record) -> EventJson.read(record.value(), WaRejectedWebhook.class))
				.filter((refusal) -> refusal.content().contains("wamid.EARLY-" + suffix))
				.toList();
			// One from the parked change, one from its raw webhook.
			assertThat(refusals).hasSize(2)
				.allSatisfy((refusal) -> assertThat(refusal.code()).isEqualTo("SIGNER_MISMATCH"));
		}
		List<ConsumerRecord<String, byte[]>> ofTenant = recordsOfTenant(before, tenantId);
		assertThat(ofTenant).isNotEmpty()
			.allSatisfy((record) -> assertThat(WebhookPipelineIT.header(record, "ce_subject"))
				.startsWith("wamid.OWN-" + suffix));
	}

	@Test
	void acceptsOrdersSignedWithASecretOfTheTenantConfiguration() {
		String suffix = Long.toString(System.nanoTime() % 1_000_000_000L);
		String tenantId = "o" + suffix;
		String signingSecret = "whsec_"
				+ Base64.getEncoder().encodeToString(("order-secret-" + suffix).getBytes(StandardCharsets.UTF_8));
		TenantConfig tenant = new TenantConfig(tenantId, "Orders " + suffix, TenantConfig.ACTIVE, "standard", List.of(),
				List.of(new OrderSourceConfig("vizi",
						List.of(CIPHER.encrypt(signingSecret, tenantId + "/orders/vizi/signingSecret")))),
				1, Instant.now());
		publish(tenant);
		byte[] body = """
				{"order":{"id":"IL%s","branch":"il","amount":249,"currency":"ils","status":"active"},\
				"form":{"country":"india","quantity":1,"client":{"name":"Dana Example","email":"dana@example.com",\
				"phone":{"code":"+972","number":"0500000001"},"whatsappAlertsEnabled":true},\
				"product":{"name":"india_tourist_month"}}}""".formatted(suffix).getBytes(StandardCharsets.UTF_8);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			String id = "msg_" + UUID.randomUUID();
			long timestamp = Instant.now().getEpochSecond();
			this.client.post()
				.uri("/webhooks/orders/vizi")
				.contentType(MediaType.APPLICATION_JSON)
				.header("webhook-id", id)
				.header("webhook-timestamp", Long.toString(timestamp))
				.header("webhook-signature", "v1," + standardWebhooksSignature(signingSecret, id, timestamp, body))
				.bodyValue(body)
				.exchange()
				.expectStatus()
				.isAccepted();
		});
	}

	/** Waits until the directory has read the tenant (its verify token is accepted). */
	private void awaitTenant(String suffix) {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> this.client.get()
				.uri("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=42&hub.verify_token=verify-" + suffix)
				.exchange()
				.expectStatus()
				.isOk());
	}

	private void publishTenant(String tenantId, String phoneNumberId, String appSecret) {
		String channel = tenantId + "/meta";
		ChannelConfig meta = new ChannelConfig("meta", ChannelConfig.META, phoneNumberId, null,
				CIPHER.encrypt("token", channel + "/accessToken"),
				List.of(CIPHER.encrypt(appSecret, channel + "/appSecret")),
				CIPHER.encrypt("verify-" + tenantId.substring(1), channel + "/verifyToken"), null, null, null, true);
		publish(new TenantConfig(tenantId, "Tenant " + tenantId, TenantConfig.ACTIVE, "standard", List.of(meta),
				List.of(), 1, Instant.now()));
	}

	private void publish(TenantConfig tenant) {
		EventEnvelope<TenantConfig> event = new EventEnvelope<>(UUID.randomUUID().toString(),
				EventType.TENANT_CONFIG_V1, URI.create("/gateway/tenants"), Instant.now(), tenant.tenantId(),
				tenant.tenantId(), null, null, tenant);
		this.publisher.publish(event, tenant.tenantId()).block(Duration.ofSeconds(30));
	}

	private WebTestClient.BodyContentSpec redrive(String topic, Instant from) {
		return this.client.post()
			.uri("/admin/redrive?topic=" + topic + "&from=" + from + "&to=" + Instant.now().plusSeconds(1))
			.header("Authorization", "Bearer " + REDRIVE_TOKEN)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody();
	}

	/**
	 * The distinct event ids of the tenant's statuses, once at least {@code count}
	 * arrived.
	 */
	private Set<String> idsOfTenant(Map<TopicPartition, Long> from, String tenantId, int count) {
		await().atMost(Duration.ofSeconds(30)).until(() -> recordsOfTenant(from, tenantId).size() >= count);
		return recordsOfTenant(from, tenantId).stream()
			.map((record) -> WebhookPipelineIT.header(record, "ce_id"))
			.collect(Collectors.toSet());
	}

	private List<ConsumerRecord<String, byte[]>> recordsOfTenant(Map<TopicPartition, Long> from, String tenantId) {
		long available = TopicProbe.total(this.statuses.endOffsets()) - TopicProbe.total(from);
		return this.statuses.readFrom(from, (int) available)
			.stream()
			.filter((record) -> tenantId.equals(WebhookPipelineIT.header(record, "ce_tenantid")))
			.toList();
	}

	private WebTestClient.ResponseSpec post(byte[] body, String secret) {
		return this.client.post()
			.uri("/webhooks/whatsapp")
			.contentType(MediaType.APPLICATION_JSON)
			.header(SignatureVerifier.HEADER, SignatureVerifier.sign(body, secret))
			.bodyValue(body)
			.exchange();
	}

	private static String standardWebhooksSignature(String secret, String id, long timestamp, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
			mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(mac.doFinal(body));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
