package dev.switchboard.tenants;

import java.time.Duration;

import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.infra.SharedInfra;

/** The shared test broker, with client settings for tests: short timeouts. */
final class TestKafka {

	private TestKafka() {
	}

	static String bootstrapServers() {
		return SharedInfra.get().kafka().bootstrapServers();
	}

	static KafkaSettings settings() {
		return new KafkaSettings(bootstrapServers(), "it").withDeliveryTimeout(Duration.ofSeconds(15))
			.withRequestTimeout(Duration.ofSeconds(5))
			.withProperty("heartbeat.interval.ms", "300");
	}

}
