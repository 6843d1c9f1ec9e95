package dev.switchboard.ingest.orders;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.events.EventJson;
import dev.switchboard.events.Topic;
import dev.switchboard.http.security.TestTokens;
import dev.switchboard.infra.SharedInfra;
import dev.switchboard.infra.SpringInfraProperties;
import dev.switchboard.ingest.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The original order system's path as the gateway forwards it: the internal identity
 * token names the tenant and must carry scope {@code webhook:vizi}; the order goes
 * through the same handler as a signed webhook.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
class ForwardedOrderIT {

	private static final String PATH = "/api/v1/webhooks/vizi/orders";

	@LocalServerPort
	private int port;

	private WebTestClient client;

	private TopicProbe orders;

	@DynamicPropertySource
	static void infra(DynamicPropertyRegistry registry) {
		SpringInfraProperties.forService(SharedInfra.get(), "public")
			.forEach((name, value) -> registry.add(name, () -> value));
	}

	@BeforeEach
	void connect() {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
		this.orders = new TopicProbe(SharedInfra.get().kafka().bootstrapServers(), Topic.ORDERS_RECEIVED.topicName());
	}

	@AfterEach
	void disconnect() {
		this.orders.close();
	}

	@Test
	void publishesAForwardedOrderOnceForTheTokensTenant() {
		String orderId = "IL" + System.nanoTime();
		byte[] body = order(orderId, false);
		String key = "idem-" + UUID.randomUUID();
		Map<TopicPartition, Long> before = this.orders.endOffsets();

		for (int attempt = 0; attempt < 2; attempt++) {
			post(body, token("acme", "webhook:vizi logs:write"), key).expectStatus()
				.isAccepted()
				.expectBody()
				.jsonPath("$.orderId")
				.isEqualTo(orderId)
				.jsonPath("$.status")
				.isEqualTo("accepted");
		}

		assertThat(TopicProbe.total(this.orders.endOffsets()) - TopicProbe.total(before)).isEqualTo(1);
		ConsumerRecord<String, byte[]> record = this.orders.readFrom(before, 1).get(0);
		assertThat(record.key()).isEqualTo("acme:" + orderId);
		Header tenant = record.headers().lastHeader("ce_tenantid");
		assertThat(new String(tenant.value(), StandardCharsets.UTF_8)).isEqualTo("acme");
	}

	@Test
	void listsFieldErrorsOfAnInvalidForwardedOrder() {
		post(order("IL" + System.nanoTime(), true), token("demo", "webhook:vizi"), null).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED")
			.jsonPath("$.errors[?(@.pointer == '/order/currency')]")
			.exists();
	}

	@Test
	void refusesRequestsWithoutAValidTokenOrScope() {
		byte[] body = order("IL" + System.nanoTime(), false);
		post(body, null, null).expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UNAUTHORIZED");
		post(body, "not.a.token", null).expectStatus().isUnauthorized();
		post(body, token("order-service", "demo", "webhook:vizi"), null).expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UNAUTHORIZED");
		post(body, token("demo", "messages:send"), null).expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("INSUFFICIENT_SCOPE");
	}

	private WebTestClient.ResponseSpec post(byte[] body, String token, String idempotencyKey) {
		WebTestClient.RequestBodySpec request = this.client.post().uri(PATH).contentType(MediaType.APPLICATION_JSON);
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		if (idempotencyKey != null) {
			request.header(OrderWebhookController.IDEMPOTENCY_KEY, idempotencyKey);
		}
		return request.bodyValue(body).exchange();
	}

	private static String token(String tenantId, String scope) {
		return token("webhook-ingest", tenantId, scope);
	}

	private static String token(String audience, String tenantId, String scope) {
		return TestTokens.jws(TestTokens.localKey(), audience,
				(claims) -> claims.subject("key1")
					.claim("tenant_id", tenantId)
					.claim("key_id", "key1")
					.claim("scope", scope)
					.claim("request_id", UUID.randomUUID().toString()));
	}

	private static byte[] order(String orderId, boolean withoutCurrency) {
		try (InputStream in = ForwardedOrderIT.class.getResourceAsStream("/orders/vizi-order-example.json")) {
			ObjectNode tree = (ObjectNode) EventJson.mapper().readTree(in.readAllBytes());
			((ObjectNode) tree.get("order")).put("id", orderId);
			if (withoutCurrency) {
				((ObjectNode) tree.get("order")).remove("currency");
			}
			return EventJson.write(tree);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
