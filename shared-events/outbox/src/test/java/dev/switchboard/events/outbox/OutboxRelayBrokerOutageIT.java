package dev.switchboard.events.outbox;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.messaging.MessageStatusChanged;
import dev.switchboard.infra.Infra;
import dev.switchboard.infra.SharedInfra;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import static dev.switchboard.events.outbox.RelayHarness.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay while Kafka is down, against real PostgreSQL and Kafka: a broker that is down
 * costs no row an attempt and is warned about once, and once it is back every row leaves
 * once, in order.
 */
class OutboxRelayBrokerOutageIT extends RelayTests {

	@Test
	void waitsForABrokerThatIsDownWithoutCountingAttemptsAndRelaysEveryRowOnceItIsBack() {
		// One attempt only: a round counted against the rows would park them at once.
		KafkaSettings impatient = this.harness.kafka().withDeliveryTimeout(Duration.ofSeconds(2));
		try (EventPublisher publisher = new EventPublisher(impatient)) {
			this.harness.restartRelay(publisher, Duration.ofMillis(200), 1);
			EventEnvelope<MessageStatusChanged> before = this.harness.event("m-before", 0);
			this.harness.appendCommitted(before);
			this.harness.awaitEvent(before);
			this.harness.captureRelayLog();

			List<EventEnvelope<MessageStatusChanged>> during = IntStream.range(1, 6)
				.mapToObj((sequence) -> this.harness.event("m-" + sequence, sequence))
				.toList();
			Infra infra = SharedInfra.get();
			infra.kafka().stop();
			try {
				this.harness.transactions()
					.transactional(Flux.fromIterable(during)
						.concatMap((event) -> this.harness.outbox().append(event, this.harness.key()))
						.then())
					.block(TIMEOUT);
				// A first round warns, a second finds the broker still down.
				await().atMost(TIMEOUT)
					.until(() -> this.harness.logged(Level.DEBUG, "infrastructure still unavailable") >= 1);
				assertThat(this.harness.logged(Level.WARN, "paused")).isOne();
				assertThat(this.harness.logged(null, "Outbox row")).isZero();
				assertThat(this.harness.unpublished()).isEqualTo(during.size());
				assertThat(this.harness.counted()).isZero();
			}
			finally {
				infra.kafka().start();
			}

			await().atMost(Duration.ofSeconds(60)).until(() -> this.harness.unpublished() == 0);
			this.harness.awaitEvent(during.get(during.size() - 1));
			assertThat(this.harness.ids()).containsExactlyElementsOf(
					Stream.concat(Stream.of(before), during.stream()).map(EventEnvelope::id).toList());
			assertThat(this.harness.counted()).isZero();
			assertThat(this.harness.logged(Level.WARN, "paused")).isOne();
			assertThat(this.harness.logged(Level.INFO, "resumed")).isOne();
		}
	}

}
