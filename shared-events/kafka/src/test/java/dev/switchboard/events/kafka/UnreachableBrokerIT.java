package dev.switchboard.events.kafka;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A publisher that cannot reach Kafka fails after its delivery timeout instead of
 * hanging.
 */
class UnreachableBrokerIT {

	@Test
	void publishFailsAfterTheDeliveryTimeout() {
		KafkaSettings settings = new KafkaSettings("localhost:1", "it-unreachable")
			.withDeliveryTimeout(Duration.ofSeconds(2));
		try (EventPublisher publisher = new EventPublisher(settings)) {
			Duration took = StepVerifier.create(publisher.publish(TestEvents.command("demo", "c", 1), "demo:c"))
				.expectError()
				.verify(Duration.ofSeconds(15));
			assertThat(took).isLessThan(Duration.ofSeconds(10));
		}
	}

}
