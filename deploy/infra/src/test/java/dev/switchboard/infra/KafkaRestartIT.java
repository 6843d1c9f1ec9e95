package dev.switchboard.infra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Kafka can be taken down and brought back on the same address with its data.
 */
@SwitchboardInfra
class KafkaRestartIT {

	@Test
	void kafkaComesBackOnTheSameAddressWithItsRecords(KafkaEndpoint kafka) throws Exception {
		String topic = "infra-restart-" + UUID.randomUUID();
		EmbeddedInfraIT.createTopic(kafka, topic);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(EmbeddedInfraIT.producerConfig(kafka))) {
			producer.send(new ProducerRecord<>(topic, "key", "before")).get();
		}
		String address = kafka.bootstrapServers();
		try {
			kafka.stop();
			assertThatThrownBy(() -> describeCluster(address)).isInstanceOf(ExecutionException.class);
		}
		finally {
			kafka.start();
		}
		assertThat(kafka.bootstrapServers()).isEqualTo(address);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(EmbeddedInfraIT.producerConfig(kafka))) {
			producer.send(new ProducerRecord<>(topic, "key", "after")).get();
		}
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
				EmbeddedInfraIT.consumerConfig(kafka, "classic"))) {
			consumer.subscribe(List.of(topic));
			List<String> values = new ArrayList<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> values.add(record.value()));
				return values.size() >= 2;
			});
			assertThat(values).containsExactly("before", "after");
		}
	}

	@Test
	void stopAndStartAreIdempotent(KafkaEndpoint kafka) {
		kafka.start();
		assertThat(kafka.bootstrapServers()).isNotBlank();
	}

	private static void describeCluster(String bootstrapServers) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1_500, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
				1_000))) {
			admin.describeCluster(new DescribeClusterOptions().timeoutMs(1_500)).nodes().get(5, TimeUnit.SECONDS);
		}
	}

}
