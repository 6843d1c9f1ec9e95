package dev.switchboard.ingest.whatsapp;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.events.Topic;
import dev.switchboard.infra.SharedInfra;
import dev.switchboard.infra.SpringInfraProperties;
import dev.switchboard.ingest.TopicProbe;
import org.apache.kafka.common.TopicPartition;
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

import static dev.switchboard.ingest.whatsapp.WebhookFixtures.DEMO_PHONE_NUMBER_ID;
import static dev.switchboard.ingest.whatsapp.WebhookFixtures.DEMO_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis or Kafka going away and coming back: without Redis webhooks are still accepted
 * and published (counted), and deduplication resumes by itself; without Kafka they are
 * answered 503, and the provider's retry after Kafka is back is published, not taken for
 * a repeat.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "switchboard.kafka.delivery-timeout=4s", "switchboard.ingest.publish-timeout=3s",
				"switchboard.ingest.dedup.timeout=1s" })
@ActiveProfiles("local")
class OutageIT {

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

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
			.responseTimeout(Duration.ofSeconds(30))
			.build();
		this.statuses = new TopicProbe(SharedInfra.get().kafka().bootstrapServers(), Topic.WA_STATUS.topicName());
	}

	@AfterEach
	void disconnect() {
		this.statuses.close();
	}

	@Test
	void keepsAcceptingWithoutRedisAndDeduplicatesAgainOnceItIsBack() {
		byte[] body = WebhookFixtures.recentStatusBatch(DEMO_PHONE_NUMBER_ID, "wamid.NOREDIS-" + UUID.randomUUID(), 1,
				2);
		Map<TopicPartition, Long> before = this.statuses.endOffsets();
		SharedInfra.get().redis().stop();
		try {
			post(body).expectStatus().isOk();
			assertThat(TopicProbe.total(this.statuses.endOffsets()) - TopicProbe.total(before)).isEqualTo(2);
			assertThat(metrics()).containsPattern("switchboard_ingest_dedup_unavailable_total\\{[^}]*} [1-9]");
		}
		finally {
			SharedInfra.get().redis().start();
		}
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			byte[] again = WebhookFixtures.recentStatusBatch(DEMO_PHONE_NUMBER_ID, "wamid.REDIS-" + UUID.randomUUID(),
					1, 2);
			Map<TopicPartition, Long> start = this.statuses.endOffsets();
			post(again).expectStatus().isOk();
			post(again).expectStatus().isOk();
			assertThat(TopicProbe.total(this.statuses.endOffsets()) - TopicProbe.total(start)).isEqualTo(2);
		});
	}

	@Test
	void answers503WithoutKafkaAndPublishesTheRetryOnceKafkaIsBack() {
		byte[] body = WebhookFixtures.recentStatusBatch(DEMO_PHONE_NUMBER_ID, "wamid.NOKAFKA-" + UUID.randomUUID(), 1,
				3);
		Map<TopicPartition, Long> before = this.statuses.endOffsets();
		SharedInfra.get().kafka().stop();
		try {
			post(body).expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.valueEquals("Retry-After", "5")
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("EVENT_STORE_UNAVAILABLE");
		}
		finally {
			SharedInfra.get().kafka().start();
		}
		await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> post(body).expectStatus().isOk());
		// A retry answered 503 may still have been written late: the same ids, which
		// consumers
		// drop. What counts is that every status is there, once per id.
		long written = TopicProbe.total(this.statuses.endOffsets()) - TopicProbe.total(before);
		assertThat(written).isGreaterThanOrEqualTo(3);
		assertThat(this.statuses.readFrom(before, (int) written)
			.stream()
			.map((record) -> WebhookPipelineIT.header(record, "ce_id"))
			.distinct()).hasSize(3);
	}

	private WebTestClient.ResponseSpec post(byte[] body) {
		return this.client.post()
			.uri("/webhooks/whatsapp")
			.contentType(MediaType.APPLICATION_JSON)
			.header(SignatureVerifier.HEADER, SignatureVerifier.sign(body, DEMO_SECRET))
			.bodyValue(body)
			.exchange();
	}

	private String metrics() {
		return this.client.get()
			.uri("http://localhost:" + this.managementPort + "/actuator/prometheus")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

}
