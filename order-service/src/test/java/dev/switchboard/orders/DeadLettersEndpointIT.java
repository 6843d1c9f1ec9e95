package dev.switchboard.orders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.events.Topic;
import dev.switchboard.infra.SharedInfra;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.StatusAssertions;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dead-letter endpoint on the management port: it lists the service's dead-letter
 * topics, refuses bad input with a code, and re-drives a dead-lettered order back to the
 * intake, which reads it again (still unreadable, it is dead-lettered again). The public
 * port does not serve it.
 */
class DeadLettersEndpointIT extends IntegrationSetup {

	private static final String INTAKE_DLQ = Topic.ORDERS_RECEIVED.dlq("order-service.intake");

	@Test
	void listsRefusesBadInputAndRedrivesADeadLetterToTheIntake() {
		WebTestClient management = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.managementPort)
			.responseTimeout(PATIENCE)
			.build();
		String key = "demo:redrive-" + UUID.randomUUID();
		publisher.publishRaw(Topic.ORDERS_RECEIVED, key, "not an order".getBytes(StandardCharsets.UTF_8), Map.of())
			.block(PATIENCE);
		await().atMost(PATIENCE).until(() -> deadLetters(key).size() == 1);

		management.get()
			.uri("/actuator/deadletters")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$['" + INTAKE_DLQ + "'].sourceTopic")
			.isEqualTo(Topic.ORDERS_RECEIVED.topicName())
			.jsonPath("$['" + INTAKE_DLQ + "'].records")
			.value((records) -> assertThat(((Number) records).longValue()).isPositive());
		redrive(management, Map.of("topic", "orders.received.v1")).isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UNKNOWN_DEAD_LETTER_TOPIC");
		redrive(management, Map.of("topic", INTAKE_DLQ, "from", "yesterday")).isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED");

		redrive(management, Map.of("topic", INTAKE_DLQ, "key", key)).isOk()
			.expectBody()
			.jsonPath("$.sourceTopic")
			.isEqualTo(Topic.ORDERS_RECEIVED.topicName())
			.jsonPath("$.copied")
			.isEqualTo(1)
			.jsonPath("$.read")
			.value((read) -> assertThat(((Number) read).longValue()).isPositive());
		// The intake read the copy: still no order, so it is dead-lettered again.
		await().atMost(PATIENCE).until(() -> deadLetters(key).size() == 2);

		WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.build()
			.post()
			.uri("/actuator/deadletters")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("topic", INTAKE_DLQ))
			.exchange()
			.expectStatus()
			.is4xxClientError();
	}

	private static StatusAssertions redrive(WebTestClient management, Map<String, String> body) {
		return management.post()
			.uri("/actuator/deadletters")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus();
	}

	/** The intake's dead letters with this key. */
	private static List<ConsumerRecord<String, byte[]>> deadLetters(String key) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of("bootstrap.servers", SharedInfra.get().kafka().bootstrapServers()), new StringDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(INTAKE_DLQ)
				.stream()
				.map((info) -> new TopicPartition(INTAKE_DLQ, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < ends.get(partition))) {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> {
					if (key.equals(record.key())) {
						found.add(record);
					}
				});
			}
			return found;
		}
	}

}
