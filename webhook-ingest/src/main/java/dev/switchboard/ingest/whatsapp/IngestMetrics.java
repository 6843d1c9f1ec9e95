package dev.switchboard.ingest.whatsapp;

import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Counters of what happened to WhatsApp webhooks.
 */
@Component
class IngestMetrics {

	static final String ACCEPTED = "switchboard.ingest.accepted";

	static final String REJECTED = "switchboard.ingest.rejected";

	static final String UNROUTED = "switchboard.ingest.unrouted";

	static final String DEFERRED = "switchboard.ingest.deferred";

	private static final String SOURCE_TAG = "source";

	private static final String SOURCE = "whatsapp";

	/** Keeps tag values bounded and clean whatever a body names its fields. */
	private static final Pattern KIND = Pattern.compile("[a-z_]{1,64}");

	private final MeterRegistry registry;

	IngestMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/** Statuses published and acknowledged. */
	void accepted(int statuses) {
		counter(ACCEPTED, "kind", "status").increment(statuses);
	}

	/** A request or item refused, by reason (e.g. invalid_signature, malformed). */
	void rejected(String reason) {
		counter(REJECTED, "reason", reason).increment();
	}

	/** Statuses for a phone number id no channel owns. */
	void unrouted(int statuses) {
		counter(UNROUTED, "kind", "status").increment(statuses);
	}

	/**
	 * Items recognised but not turned into events yet (inbound messages, other fields).
	 */
	void deferred(String kind, int count) {
		counter(DEFERRED, "kind", KIND.matcher(kind).matches() ? kind : "other").increment(count);
	}

	private Counter counter(String name, String tag, String value) {
		return Counter.builder(name).tag(SOURCE_TAG, SOURCE).tag(tag, value).register(this.registry);
	}

}
