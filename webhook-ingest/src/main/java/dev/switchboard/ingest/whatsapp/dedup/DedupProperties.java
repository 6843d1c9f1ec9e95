package dev.switchboard.ingest.whatsapp.dedup;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Deduplication of Meta's repeated webhook updates (retries, several apps).
 *
 * @param enabled whether updates are deduplicated at all (consumers are idempotent either
 * way)
 * @param window how long after an update's own time a repeat is still recognised; Meta
 * retries for 7 days
 * @param timeout how long a webhook waits for Redis before publishing without
 * deduplication
 * @param expectedRate updates per second the store is sized for; sets the number of
 * buckets per day
 * @param entriesPerBucket updates per bucket (a Redis hash) at the expected rate; keep it
 * under Redis' {@code hash-max-listpack-entries} (128 by default) so buckets stay compact
 */
@Validated
@ConfigurationProperties("switchboard.ingest.dedup")
public record DedupProperties(Boolean enabled, Duration window, Duration timeout, Integer expectedRate,
		Integer entriesPerBucket) {

	public DedupProperties {
		enabled = (enabled != null) ? enabled : Boolean.TRUE;
		window = (window != null) ? window : Duration.ofDays(7);
		timeout = (timeout != null) ? timeout : Duration.ofMillis(500);
		expectedRate = (expectedRate != null) ? expectedRate : 1000;
		entriesPerBucket = (entriesPerBucket != null) ? entriesPerBucket : 100;
		if (window.compareTo(Duration.ofDays(7)) < 0) {
			throw new IllegalArgumentException("switchboard.ingest.dedup.window must be at least 7 days");
		}
		if (timeout.isNegative() || timeout.isZero() || expectedRate < 1 || entriesPerBucket < 1) {
			throw new IllegalArgumentException(
					"switchboard.ingest.dedup.timeout, expected-rate and entries-per-bucket must be positive");
		}
	}

	/**
	 * How long a claim stays pending at most: the publish timeout and the round trips to
	 * Redis that take and confirm it. A failed publish whose claims could not be released
	 * leaves them for no longer than this.
	 */
	Duration pendingTtl(Duration publishTimeout) {
		return publishTimeout.plus(this.timeout.multipliedBy(2));
	}

	/**
	 * Buckets per day: a day's updates at the expected rate, spread to the bucket size.
	 */
	long bucketsPerDay() {
		return Math.max(1L, (long) this.expectedRate * 86_400L / this.entriesPerBucket);
	}

}
