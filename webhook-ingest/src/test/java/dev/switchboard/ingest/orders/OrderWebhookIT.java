package dev.switchboard.ingest.orders;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import dev.switchboard.events.EventJson;
import dev.switchboard.events.Topic;
import dev.switchboard.events.orders.OrderReceived;
import dev.switchboard.infra.SharedInfra;
import dev.switchboard.infra.SpringInfraProperties;
import dev.switchboard.ingest.IngestProperties;
import dev.switchboard.ingest.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
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
 * The Vizi order webhook over real HTTP with real Kafka and Redis, configured by the
 * local profile's demo order source.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
class OrderWebhookIT {

	private static final String PATH = "/webhooks/orders/vizi";

	private static final byte[] DEMO_KEY = OrderSourceConfig.decode("whsec_ZGVtby12aXppLXNpZ25pbmctc2VjcmV0");

	@LocalServerPort
	private int port;

	private WebTestClient client;

	private TopicProbe ordersTopic;

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
		this.ordersTopic = new TopicProbe(SharedInfra.get().kafka().bootstrapServers(),
				Topic.ORDERS_RECEIVED.topicName());
	}

	@AfterEach
	void disconnect() {
		this.ordersTopic.close();
	}

	@Test
	void publishesASignedOrderOnceAndAnswersARepeatLikeTheFirst() {
		String orderId = "IL" + uniqueSuffix();
		byte[] body = order(orderId, null);
		String webhookId = "msg_" + UUID.randomUUID();
		Map<TopicPartition, Long> before = this.ordersTopic.endOffsets();

		for (int attempt = 0; attempt < 2; attempt++) {
			post(body, webhookId, sign(webhookId, body)).expectStatus()
				.isAccepted()
				.expectBody()
				.jsonPath("$.orderId")
				.isEqualTo(orderId)
				.jsonPath("$.status")
				.isEqualTo("accepted");
		}

		assertThat(TopicProbe.total(this.ordersTopic.endOffsets()) - TopicProbe.total(before)).isEqualTo(1);
		ConsumerRecord<String, byte[]> record = this.ordersTopic.readFrom(before, 1).get(0);
		assertThat(record.key()).isEqualTo("demo:" + orderId);
		assertThat(header(record, "ce_type")).isEqualTo("switchboard.orders.received.v1");
		assertThat(header(record, "ce_tenantid")).isEqualTo("demo");
		assertThat(header(record, "ce_subject")).isEqualTo(orderId);
		OrderReceived received = EventJson.read(record.value(), OrderReceived.class);
		assertThat(received.source()).isEqualTo("vizi");
		assertThat(received.externalOrderId()).isEqualTo(orderId);
		assertThat(received.branch()).isEqualTo("il");
		assertThat(received.webhookId()).isEqualTo(webhookId);
		JsonNode payload = EventJson.mapper().valueToTree(received.payload());
		assertThat(payload).isEqualTo(EventJson.mapper().readTree(body));
	}

	@Test
	void deduplicatesByIdempotencyKeyAcrossDeliveryIds() {
		String orderId = "IL" + uniqueSuffix();
		byte[] body = order(orderId, null);
		String key = "idem-" + UUID.randomUUID();
		Map<TopicPartition, Long> before = this.ordersTopic.endOffsets();

		for (String webhookId : List.of("msg_a" + orderId, "msg_b" + orderId)) {
			this.client.post()
				.uri(PATH)
				.contentType(MediaType.APPLICATION_JSON)
				.header("webhook-id", webhookId)
				.header("webhook-timestamp", Long.toString(Instant.now().getEpochSecond()))
				.header("webhook-signature", sign(webhookId, body))
				.header(OrderWebhookController.IDEMPOTENCY_KEY, key)
				.bodyValue(body)
				.exchange()
				.expectStatus()
				.isAccepted();
		}

		assertThat(TopicProbe.total(this.ordersTopic.endOffsets()) - TopicProbe.total(before)).isEqualTo(1);
	}

	@Test
	void listsEveryFieldErrorOfAnInvalidOrder() {
		byte[] body = order("IL" + uniqueSuffix(), (tree) -> {
			((ObjectNode) tree.get("order")).remove("currency");
			ObjectNode client = (ObjectNode) tree.get("form").get("client");
			client.put("email", "not-an-email");
			((ObjectNode) tree.get("form")).put("quantity", 12);
		});
		String webhookId = "msg_" + UUID.randomUUID();
		Map<TopicPartition, Long> before = this.ordersTopic.endOffsets();

		post(body, webhookId, sign(webhookId, body)).expectStatus()
			.isEqualTo(422)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED")
			.jsonPath("$.errors.length()")
			.isEqualTo(3)
			.jsonPath("$.errors[?(@.pointer == '/order/currency')].message")
			.exists()
			.jsonPath("$.errors[?(@.pointer == '/form/client/email')].message")
			.exists()
			.jsonPath("$.errors[?(@.pointer == '/form/quantity')].message")
			.exists();

		assertThat(this.ordersTopic.endOffsets()).isEqualTo(before);
	}

	@Test
	void publishesNothingForABadOrMissingSignature() {
		byte[] body = order("IL" + uniqueSuffix(), null);
		String webhookId = "msg_" + UUID.randomUUID();
		Map<TopicPartition, Long> before = this.ordersTopic.endOffsets();
		String wrong = StandardWebhooks.sign(OrderSourceConfig.decode("whsec_b3RoZXItc2VjcmV0"), webhookId,
				Instant.now().getEpochSecond(), body);

		post(body, webhookId, wrong).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("INVALID_SIGNATURE");
		post(body, webhookId, null).expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("MISSING_SIGNATURE");
		long old = Instant.now().minusSeconds(600).getEpochSecond();
		this.client.post()
			.uri(PATH)
			.contentType(MediaType.APPLICATION_JSON)
			.header("webhook-id", webhookId)
			.header("webhook-timestamp", Long.toString(old))
			.header("webhook-signature", StandardWebhooks.sign(DEMO_KEY, webhookId, old, body))
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("STALE_TIMESTAMP");

		assertThat(this.ordersTopic.endOffsets()).isEqualTo(before);
	}

	@Test
	void skipsTestOrders() {
		String orderId = "IL" + uniqueSuffix() + "-TEST";
		byte[] body = order(orderId, null);
		String webhookId = "msg_" + UUID.randomUUID();
		Map<TopicPartition, Long> before = this.ordersTopic.endOffsets();

		post(body, webhookId, sign(webhookId, body)).expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("skipped");

		assertThat(this.ordersTopic.endOffsets()).isEqualTo(before);
	}

	@Test
	void refusesUnknownSourcesAndNonJsonBodies() {
		this.client.post()
			.uri("/webhooks/orders/unknown")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isNotFound();
		this.client.post()
			.uri(PATH)
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isEqualTo(415)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UNSUPPORTED_MEDIA_TYPE");
	}

	@Test
	void refusesBodiesOverTheLimit() {
		byte[] body = new byte[Math.toIntExact(IngestProperties.DEFAULT_MAX_BODY_SIZE.toBytes()) + 1];
		Arrays.fill(body, (byte) ' ');
		String webhookId = "msg_" + UUID.randomUUID();

		post(body, webhookId, sign(webhookId, body)).expectStatus()
			.isEqualTo(413)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("PAYLOAD_TOO_LARGE");
	}

	private WebTestClient.ResponseSpec post(byte[] body, String webhookId, String signature) {
		WebTestClient.RequestBodySpec request = this.client.post()
			.uri(PATH)
			.contentType(MediaType.APPLICATION_JSON)
			.header("webhook-id", webhookId)
			.header("webhook-timestamp", Long.toString(Instant.now().getEpochSecond()));
		if (signature != null) {
			request.header("webhook-signature", signature);
		}
		return request.bodyValue(body).exchange();
	}

	private static String sign(String webhookId, byte[] body) {
		return StandardWebhooks.sign(DEMO_KEY, webhookId, Instant.now().getEpochSecond(), body);
	}

	private static String uniqueSuffix() {
		return Long.toString(System.nanoTime());
	}

	/** The reference example with another order id, optionally changed. */
	private static byte[] order(String orderId, Consumer<ObjectNode> change) {
		ObjectNode tree = (ObjectNode) EventJson.mapper().readTree(example());
		((ObjectNode) tree.get("order")).put("id", orderId);
		if (change != null) {
			change.accept(tree);
		}
		return EventJson.write(tree);
	}

	private static byte[] example() {
		try (InputStream in = OrderWebhookIT.class.getResourceAsStream("/orders/vizi-order-example.json")) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
