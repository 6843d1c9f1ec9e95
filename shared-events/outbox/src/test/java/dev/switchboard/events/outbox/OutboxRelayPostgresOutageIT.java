package dev.switchboard.events.outbox;

import java.time.Duration;

import ch.qos.logback.classic.Level;
import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.messaging.MessageStatusChanged;
import dev.switchboard.infra.PostgresEndpoint;
import dev.switchboard.infra.SharedInfra;
import org.junit.jupiter.api.Test;

import static dev.switchboard.events.outbox.RelayHarness.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay while PostgreSQL is down, against real PostgreSQL and Kafka: the outage is
 * warned about once, not per round, and what is committed after it is relayed.
 */
class OutboxRelayPostgresOutageIT extends RelayTests {

	@Test
	void logsAPostgresOutageOnceAndRelaysWhatIsCommittedAfterIt() {
		this.harness.restartRelay(this.harness.publisher(), Duration.ofMillis(100), 1);
		this.harness.captureRelayLog();
		PostgresEndpoint postgres = SharedInfra.get().postgres();
		postgres.stop();
		try {
			// A round every 100 ms, each refused.
			await().atMost(TIMEOUT)
				.until(() -> this.harness.logged(Level.DEBUG, "infrastructure still unavailable") >= 5);
		}
		finally {
			postgres.start();
		}
		EventEnvelope<MessageStatusChanged> after = this.harness.event("m-after", 1);
		this.harness.appendCommitted(after);
		this.harness.awaitEvent(after);
		await().atMost(TIMEOUT).until(() -> this.harness.logged(Level.INFO, "resumed") == 1);
		assertThat(this.harness.logged(Level.WARN, "paused")).isOne();
		assertThat(this.harness.logged(Level.WARN, "round failed")).isZero();
	}

}
