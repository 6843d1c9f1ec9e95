package dev.switchboard.ingest.whatsapp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.switchboard.events.EventJson;
import dev.switchboard.events.Topic;
import dev.switchboard.events.wa.WaInboundMessage;
import dev.switchboard.events.wa.WaStatus;
import dev.switchboard.infra.ManagementSurface;
import dev.switchboard.infra.SharedInfra;
import dev.switchboard.infra.SpringInfraProperties;
import dev.switchboard.ingest.TopicProbe;
import dev.switchboard.ingest.whatsapp.signature.SignatureVerifier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import static dev.switchboard.ingest.whatsapp.WebhookFixtures.DEMO_PHONE_NUMBER_ID;
import static dev.switchboard.ingest.whatsapp.WebhookFixtures.DEMO_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The webhook over real HTTP with a real Kafka broker, configured by the local profile's
 * demo channel.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
class WhatsAppWebhookIT {

	private static final String PATH = "/webhooks/whatsapp";

	private static final int MAX_BODY_BYTES = 256 * 1024;

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	private WebTestClient client;

	private TopicProbe statusTopic;

	@DynamicPropertySource
	static void infra(DynamicPropertyRegistry registry) {
		SpringInfraProperties.forService(SharedInfra.get(), "public")
			.forEach((name, value) -> registry.add(name, () -> value));
		registry.add("switchboard.ingest.max-body-size", () -> MAX_BODY_BYTES + "B");
	}

	@BeforeEach
	void connect() {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
		this.statusTopic = new TopicProbe(SharedInfra.get().kafka().bootstrapServers(), Topic.WA_STATUS.topicName());
	}

	@AfterEach
	void disconnect() {
		this.statusTopic.close();
	}

	@Test
	void completesTheSubscriptionHandshake() {
		this.client.get()
			.uri(PATH + "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=demo-verify-token")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("1158201444");
		this.client.get()
			.uri(PATH + "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=wrong")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VERIFY_TOKEN_MISMATCH");
	}

	@Test
	void publishesNothingForAMissingOrWrongSignature() {
		byte[] body = WebhookFixtures.statusBatch(DEMO_PHONE_NUMBER_ID, 1, 5);
		Map<TopicPartition, Long> before = this.statusTopic.endOffsets();

		post(body, null).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("MISSING_SIGNATURE");
		post(body, SignatureVerifier.sign(body, "not-the-app-secret")).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("INVALID_SIGNATURE");

		assertThat(this.statusTopic.endOffsets()).isEqualTo(before);
	}

	@Test
	void publishesOneCloudEventPerStatusBeforeAnswering() {
		byte[] body = WebhookFixtures.statusBatch(DEMO_PHONE_NUMBER_ID, 5, 10);
		Map<TopicPartition, Long> before = this.statusTopic.endOffsets();

		this.client.post()
			.uri(PATH)
			.contentType(MediaType.APPLICATION_JSON)
			.header(SignatureVerifier.HEADER, SignatureVerifier.sign(body, DEMO_SECRET))
			.header("X-Correlation-Id", "batch-50")
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk();

		// Acknowledged before the answer: the records are there already.
		assertThat(TopicProbe.total(this.statusTopic.endOffsets()) - TopicProbe.total(before)).isEqualTo(50);
		List<ConsumerRecord<String, byte[]>> records = this.statusTopic.readFrom(before, 50);
		assertThat(records).hasSize(50);
		assertThat(records).allSatisfy((record) -> {
			assertThat(header(record, "ce_type")).isEqualTo("switchboard.wa.status.v1");
			assertThat(header(record, "ce_tenantid")).isEqualTo("demo");
			assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
			assertThat(header(record, "ce_source")).isEqualTo("/webhook-ingest/whatsapp");
			assertThat(header(record, "ce_subject")).startsWith("wamid.BATCH-");
			assertThat(header(record, "ce_id")).isNotBlank();
			assertThat(header(record, "ce_correlationid")).isEqualTo("batch-50");
			assertThat(record.key()).matches("demo:1650555\\d{6}");
			WaStatus status = EventJson.read(record.value(), WaStatus.class);
			assertThat(status.phoneNumberId()).isEqualTo(DEMO_PHONE_NUMBER_ID);
			assertThat(record.key()).isEqualTo("demo:" + status.recipientId());
		});
		assertThat(records).extracting(ConsumerRecord::key).doesNotHaveDuplicates();
	}

	@Test
	void publishesStatusesMessagesAndTemplateChangesOfOneBodyToTheirTopics() {
		String messages = """
				{"id":"200000000000001","changes":[{"field":"messages","value":{"messaging_product":"whatsapp",\
				"metadata":{"display_phone_number":"15550000001","phone_number_id":"100000000000001"},\
				"contacts":[{"profile":{"name":"Ana"},"wa_id":"16505551234"}],\
				"messages":[{"from":"16505551234","id":"wamid.MIXED-IN-1","timestamp":"1750030400","type":"text",\
				"text":{"body":"hi"}},{"from_user_id":"US.1349","id":"wamid.MIXED-IN-2","timestamp":"1750030401",\
				"type":"reaction","reaction":{"message_id":"wamid.MIXED-1"}},{"from":"16505551234",\
				"id":"wamid.MIXED-IN-3","timestamp":"1750030402","type":"button","button":{"payload":"P","text":"Yes"}}]}}]}""";
		String template = """
				{"id":"200000000000001","time":1750030600,"changes":[{"field":"message_template_status_update",\
				"value":{"event":"APPROVED","message_template_id":1689556908129832,\
				"message_template_name":"order_confirmation","message_template_language":"en_US","reason":"NONE"}}]}""";
		String statuses = WebhookFixtures.entry(DEMO_PHONE_NUMBER_ID,
				WebhookFixtures.status("wamid.MIXED-1", "delivered", "16505551234") + ","
						+ WebhookFixtures.status("wamid.MIXED-2", "read", "16505551235"));
		byte[] body = WebhookFixtures.envelope(String.join(",", statuses, messages, template));
		try (TopicProbe inbound = new TopicProbe(SharedInfra.get().kafka().bootstrapServers(),
				Topic.WA_INBOUND.topicName());
				TopicProbe templates = new TopicProbe(SharedInfra.get().kafka().bootstrapServers(),
						Topic.WA_TEMPLATE.topicName())) {
			Map<TopicPartition, Long> statusesBefore = this.statusTopic.endOffsets();
			Map<TopicPartition, Long> inboundBefore = inbound.endOffsets();
			Map<TopicPartition, Long> templatesBefore = templates.endOffsets();

			post(body, SignatureVerifier.sign(body, DEMO_SECRET)).expectStatus().isOk();

			assertThat(TopicProbe.total(this.statusTopic.endOffsets()) - TopicProbe.total(statusesBefore)).isEqualTo(2);
			assertThat(TopicProbe.total(inbound.endOffsets()) - TopicProbe.total(inboundBefore)).isEqualTo(3);
			assertThat(TopicProbe.total(templates.endOffsets()) - TopicProbe.total(templatesBefore)).isEqualTo(1);
			List<ConsumerRecord<String, byte[]>> messageRecords = inbound.readFrom(inboundBefore, 3);
			assertThat(messageRecords).extracting(ConsumerRecord::key)
				.containsExactlyInAnyOrder("demo:16505551234", "demo:US.1349", "demo:16505551234");
			assertThat(messageRecords).allSatisfy(
					(record) -> assertThat(header(record, "ce_type")).isEqualTo("switchboard.wa.inbound-message.v1"));
			assertThat(messageRecords)
				.extracting((record) -> EventJson.read(record.value(), WaInboundMessage.class).messageId())
				.containsExactlyInAnyOrder("wamid.MIXED-IN-1", "wamid.MIXED-IN-2", "wamid.MIXED-IN-3");
			ConsumerRecord<String, byte[]> templateRecord = templates.readFrom(templatesBefore, 1).get(0);
			assertThat(templateRecord.key()).isEqualTo("demo:1689556908129832");
			assertThat(header(templateRecord, "ce_type")).isEqualTo("switchboard.wa.template-status.v1");
			assertThat(header(templateRecord, "ce_tenantid")).isEqualTo("demo");
		}
	}

	@Test
	void publishesStatusesOfRecipientsKnownOnlyByTheirBusinessScopedUserId() {
		byte[] body = WebhookFixtures.fixture("status-bsuid-only.json");
		Map<TopicPartition, Long> before = this.statusTopic.endOffsets();

		post(body, SignatureVerifier.sign(body, DEMO_SECRET)).expectStatus().isOk();

		List<ConsumerRecord<String, byte[]>> records = this.statusTopic.readFrom(before, 2);
		assertThat(records).hasSize(2);
		ConsumerRecord<String, byte[]> bsuidOnly = records.stream()
			.filter((record) -> "wamid.BSUID0001".equals(header(record, "ce_subject")))
			.findFirst()
			.orElseThrow();
		WaStatus status = EventJson.read(bsuidOnly.value(), WaStatus.class);
		assertThat(status.recipientId()).isNull();
		assertThat(status.recipientUserId()).isEqualTo("US.13491208655302741918");
		assertThat(bsuidOnly.key()).isEqualTo("demo:US.13491208655302741918");
	}

	@Test
	void verifiesEscapedUnicodeOnTheBytesAsSent() {
		String raw = "{\"object\":\"whatsapp_business_account\",\"entry\":["
				+ WebhookFixtures.entry(DEMO_PHONE_NUMBER_ID,
						"{\"id\":\"wamid.UNICODE-1\",\"status\":\"read\",\"timestamp\":\"1750030073\","
								+ "\"recipient_id\":\"972500000001\",\"biz_opaque_callback_data\":"
								+ "\"\\u05e9\\u05dc\\u05d5\\u05dd https:\\/\\/shop.example\\/o\\/1\"}")
				+ "]}";
		byte[] body = raw.getBytes(StandardCharsets.UTF_8);
		Map<TopicPartition, Long> before = this.statusTopic.endOffsets();

		post(body, SignatureVerifier.sign(body, DEMO_SECRET)).expectStatus().isOk();

		ConsumerRecord<String, byte[]> record = this.statusTopic.readFrom(before, 1).get(0);
		assertThat(record.key()).isEqualTo("demo:972500000001");
		assertThat(EventJson.read(record.value(), WaStatus.class).bizOpaqueCallbackData())
			.isEqualTo("\u05e9\u05dc\u05d5\u05dd https://shop.example/o/1");
	}

	@Test
	void refusesBodiesThatAreNotJson() {
		this.client.post()
			.uri(PATH)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("a=b")
			.exchange()
			.expectStatus()
			.isEqualTo(415)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UNSUPPORTED_MEDIA_TYPE");
	}

	@Test
	void refusesBodiesOverTheLimit() {
		byte[] body = new byte[MAX_BODY_BYTES + 1];
		Arrays.fill(body, (byte) ' ');
		Map<TopicPartition, Long> before = this.statusTopic.endOffsets();

		// A connection reset while the body is still being written is a transport
		// failure,
		// not an answer: the sender tries again, as Meta does.
		await().atMost(Duration.ofSeconds(30))
			.ignoreExceptionsInstanceOf(WebClientRequestException.class)
			.untilAsserted(() -> post(body, SignatureVerifier.sign(body, DEMO_SECRET)).expectStatus()
				.isEqualTo(413)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("PAYLOAD_TOO_LARGE"));
		assertThat(this.statusTopic.endOffsets()).isEqualTo(before);
	}

	@Test
	void acceptsAndCountsASignedBodyThatCannotBeParsed() {
		byte[] body = "{\"object\":\"whatsapp_business_account\",\"entry\":".getBytes(StandardCharsets.UTF_8);
		Map<TopicPartition, Long> before = this.statusTopic.endOffsets();

		post(body, SignatureVerifier.sign(body, DEMO_SECRET)).expectStatus().isOk();

		assertThat(this.statusTopic.endOffsets()).isEqualTo(before);
		this.client.get()
			.uri("http://localhost:" + this.managementPort + "/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((text) -> assertThat(text)
				.containsPattern("switchboard_ingest_rejected_total\\{[^}]*reason=\"malformed_json\""));
	}

	@Test
	void exposesProbesPubliclyAndMetricsOnlyOnTheManagementPort() {
		ManagementSurface.assertSeparated(this.port, this.managementPort);
	}

	private WebTestClient.ResponseSpec post(byte[] body, String signature) {
		WebTestClient.RequestBodySpec request = this.client.post().uri(PATH).contentType(MediaType.APPLICATION_JSON);
		if (signature != null) {
			request.header(SignatureVerifier.HEADER, signature);
		}
		return request.bodyValue(body).exchange();
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
