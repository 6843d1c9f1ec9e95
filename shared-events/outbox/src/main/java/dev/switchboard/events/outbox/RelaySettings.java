package dev.switchboard.events.outbox;

import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link OutboxRelay} moves committed events to Kafka.
 *
 * @param batchSize most rows published per round trip to Kafka
 * @param pollInterval fallback poll for rows whose commit signal was missed (another
 * instance, a restart), for rows due for another attempt, and the pace of retries while
 * Kafka or PostgreSQL is unavailable
 * @param retention how long published rows are kept (for audit and diagnosis) before they
 * are deleted
 * @param maxAttempts attempts a row that fails by itself gets before it is parked
 * @param retryBackoff delay before the second attempt of such a row, doubled for each
 * further attempt
 * @param maxRetryBackoff longest delay between two attempts of a row
 */
public record RelaySettings(int batchSize, Duration pollInterval, Duration retention, int maxAttempts,
		Duration retryBackoff, Duration maxRetryBackoff) {

	public RelaySettings {
		if (batchSize < 1) {
			throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
		}
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be positive: " + maxAttempts);
		}
		Objects.requireNonNull(retention, "retention");
		requirePositive(pollInterval, "pollInterval");
		requirePositive(retryBackoff, "retryBackoff");
		requirePositive(maxRetryBackoff, "maxRetryBackoff");
	}

	/** Settings with the default row retries: 10 attempts, 1 s doubling up to 5 min. */
	public RelaySettings(int batchSize, Duration pollInterval, Duration retention) {
		this(batchSize, pollInterval, retention, 10, Duration.ofSeconds(1), Duration.ofMinutes(5));
	}

	/**
	 * 100 rows a batch, a poll every second, published rows kept a week, 10 attempts.
	 */
	public static RelaySettings defaults() {
		return new RelaySettings(100, Duration.ofSeconds(1), Duration.ofDays(7));
	}

	/** The same settings with other row retries. */
	public RelaySettings withRetries(int attempts, Duration backoff, Duration maxBackoff) {
		return new RelaySettings(this.batchSize, this.pollInterval, this.retention, attempts, backoff, maxBackoff);
	}

	private static void requirePositive(Duration value, String name) {
		Objects.requireNonNull(value, name);
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be positive: " + value);
		}
	}

}
