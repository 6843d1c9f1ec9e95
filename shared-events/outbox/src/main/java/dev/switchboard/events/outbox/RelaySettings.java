package dev.switchboard.events.outbox;

import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link OutboxRelay} moves committed events to Kafka.
 *
 * @param batchSize most rows published per round trip to Kafka
 * @param pollInterval fallback poll for rows whose commit signal was missed (another
 * instance, a restart)
 * @param retention how long published rows are kept (for audit and diagnosis) before they
 * are deleted
 */
public record RelaySettings(int batchSize, Duration pollInterval, Duration retention) {

	public RelaySettings {
		if (batchSize < 1) {
			throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
		}
		Objects.requireNonNull(pollInterval, "pollInterval");
		Objects.requireNonNull(retention, "retention");
		if (pollInterval.isNegative() || pollInterval.isZero()) {
			throw new IllegalArgumentException("pollInterval must be positive: " + pollInterval);
		}
	}

	/** 100 rows a batch, a poll every second, published rows kept a week. */
	public static RelaySettings defaults() {
		return new RelaySettings(100, Duration.ofSeconds(1), Duration.ofDays(7));
	}

}
