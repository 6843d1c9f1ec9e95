package dev.switchboard.ingest.orders;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Counters of what happened to order webhooks, tagged with the order source.
 */
@Component
class OrderMetrics {

	static final String ACCEPTED = "switchboard.ingest.accepted";

	static final String REJECTED = "switchboard.ingest.rejected";

	static final String DUPLICATES = "switchboard.ingest.duplicates";

	static final String SKIPPED = "switchboard.ingest.skipped";

	static final String IDEMPOTENCY_UNAVAILABLE = "switchboard.ingest.idempotency.unavailable";

	private static final String KIND = "order";

	private final MeterRegistry registry;

	OrderMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void accepted(String source) {
		counter(ACCEPTED, source, "kind", KIND).increment();
	}

	/**
	 * Refused, by reason: missing_signature, stale_timestamp, invalid_signature,
	 * invalid_order.
	 */
	void rejected(String source, String reason) {
		counter(REJECTED, source, "reason", reason).increment();
	}

	/** A repeated delivery answered from the idempotency store. */
	void duplicate(String source) {
		counter(DUPLICATES, source, "kind", KIND).increment();
	}

	/** A test order acknowledged and dropped. */
	void skipped(String source) {
		counter(SKIPPED, source, "kind", KIND).increment();
	}

	/** Redis did not answer; the request went on without deduplication. */
	void idempotencyUnavailable() {
		Counter.builder(IDEMPOTENCY_UNAVAILABLE).tag("kind", KIND).register(this.registry).increment();
	}

	private Counter counter(String name, String source, String tag, String value) {
		return Counter.builder(name).tag("source", source).tag(tag, value).register(this.registry);
	}

}
