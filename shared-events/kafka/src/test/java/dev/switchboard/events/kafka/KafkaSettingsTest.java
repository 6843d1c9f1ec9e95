package dev.switchboard.events.kafka;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KafkaSettingsTest {

	@Test
	void producerIsIdempotentWithBoundedWaits() {
		Map<String, Object> props = new KafkaSettings("localhost:9092", "svc").producerProperties();
		assertThat(props).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
			.containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
			.containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5)
			.containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000)
			.containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000)
			.containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000L);
	}

	@Test
	void keepsRequestTimeoutBelowAShortDeliveryTimeout() {
		Map<String, Object> props = new KafkaSettings("localhost:1", "svc").withDeliveryTimeout(Duration.ofSeconds(2))
			.producerProperties();
		int delivery = (int) props.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
		int request = (int) props.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
		int linger = (int) props.get(ProducerConfig.LINGER_MS_CONFIG);
		assertThat(delivery).isEqualTo(2000);
		assertThat(request + linger).isLessThanOrEqualTo(delivery);
	}

	@Test
	void consumerCommitsManuallyAndClientIdsAreUnique() {
		KafkaSettings settings = new KafkaSettings("localhost:9092", "svc").withProperty("security.protocol",
				"PLAINTEXT");
		Map<String, Object> first = settings.consumerProperties("group");
		assertThat(first).containsEntry("enable.auto.commit", false)
			.containsEntry("group.id", "group")
			.containsEntry("auto.offset.reset", "earliest")
			.containsEntry("security.protocol", "PLAINTEXT");
		assertThat(first.get("client.id")).isNotEqualTo(settings.consumerProperties("group").get("client.id"));
	}

	@Test
	void rejectsNonsense() {
		assertThatIllegalArgumentException().isThrownBy(() -> new KafkaSettings(" ", "svc"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new KafkaSettings("h:1", "svc").withDeliveryTimeout(Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> new KafkaSettings("h:1", "svc").withPrefetch(0));
	}

}
