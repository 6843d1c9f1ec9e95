package dev.switchboard.ingest.whatsapp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.events.EventJson;
import dev.switchboard.events.Topic;
import dev.switchboard.events.wa.WaRawWebhook;
import dev.switchboard.infra.SharedInfra;
import dev.switchboard.infra.SpringInfraProperties;
import dev.switchboard.ingest.IngestProperties;
import dev.switchboard.ingest.TopicProbe;
import dev.switchboard.ingest.whatsapp.signature.SignatureVerifier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.switchboard.ingest.whatsapp.WebhookFixtures.DEMO_PHONE_NUMBER_ID;
import static dev.switchboard.ingest.whatsapp.WebhookFixtures.DEMO_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies at Meta's 3 MB maximum with the default limit: a body of 3 MB + 1 byte is
 * accepted and archived whole (its record, JSON-escaped, is far over Kafka's 1 MB
 * default), one over the limit is refused.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
class LargeWebhookIT {

	private static final int THREE_MB = 3 * 1024 * 1024;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void infra(DynamicPropertyRegistry registry) {
		SpringInfraProperties.forService(SharedInfra.get(), "public")
			.forEach((name, value) -> registry.add(name, () -> value));
	}

	@Test
	void archivesABodyOf3MegabytesPlusOneByteWhole() {
		byte[] body = bodyOfSize(THREE_MB + 1);
		try (TopicProbe raw = new TopicProbe(SharedInfra.get().kafka().bootstrapServers(), Topic.WA_RAW.topicName())) {
			Map<TopicPartition, Long> before = raw.endOffsets();

			post(body).expectStatus().isOk();

			ConsumerRecord<String, byte[]> record = raw.readFrom(before, 1).get(0);
			assertThat(record.value().length).isGreaterThan(4 * 1024 * 1024);
			WaRawWebhook archived = EventJson.read(record.value(), WaRawWebhook.class);
			assertThat(archived.body().getBytes(StandardCharsets.UTF_8)).isEqualTo(body);
		}
	}

	@Test
	void refusesABodyOverTheDefaultLimit() {
		byte[] body = new byte[Math.toIntExact(IngestProperties.DEFAULT_MAX_BODY_SIZE.toBytes()) + 1];
		Arrays.fill(body, (byte) ' ');

		post(body).expectStatus().isEqualTo(413).expectBody().jsonPath("$.code").isEqualTo("PAYLOAD_TOO_LARGE");
	}

	private WebTestClient.ResponseSpec post(byte[] body) {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(60))
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
			.build()
			.post()
			.uri("/webhooks/whatsapp")
			.contentType(MediaType.APPLICATION_JSON)
			.header(SignatureVerifier.HEADER, SignatureVerifier.sign(body, DEMO_SECRET))
			.bodyValue(body)
			.exchange();
	}

	/**
	 * A status batch padded to the exact size with escaped quotes, the worst case for the
	 * archive record (each becomes four bytes once the body is a JSON string).
	 */
	private static byte[] bodyOfSize(int size) {
		String statuses = new String(WebhookFixtures.statusBatch(DEMO_PHONE_NUMBER_ID, 10, 100),
				StandardCharsets.UTF_8);
		String head = "{\"padding\":\"" + UUID.randomUUID() + " ";
		String tail = "\"," + statuses.substring(1);
		int room = size - head.length() - tail.length();
		StringBuilder padding = new StringBuilder(room);
		while (padding.length() + 2 <= room) {
			padding.append("\\\"");
		}
		while (padding.length() < room) {
			padding.append('x');
		}
		byte[] body = (head + padding + tail).getBytes(StandardCharsets.UTF_8);
		assertThat(body).hasSize(size);
		return body;
	}

}
