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

	private static final String SOURCE_TAG = "source";

	private static final String SOURCE = "whatsapp";

	/** Keeps tag values bounded and clean. */
	private static final Pattern KIND = Pattern.compile("[a-z_]{1,64}");

	private final MeterRegistry registry;

	IngestMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/** Events of a kind (status, inbound_message, …) published and acknowledged. */
	void accepted(String kind, int count) {
		counter(ACCEPTED, "kind", kind(kind)).increment(count);
	}

	/** A request or item refused, by reason (e.g. invalid_signature, malformed). */
	void rejected(String reason) {
		counter(REJECTED, "reason", reason).increment();
	}

	/** Items of a kind for a phone number id or WABA id no channel owns. */
	void unrouted(String kind, int count) {
		counter(UNROUTED, "kind", kind(kind)).increment(count);
	}

	private static String kind(String kind) {
		return KIND.matcher(kind).matches() ? kind : "other";
	}

	private Counter counter(String name, String tag, String value) {
		return Counter.builder(name).tag(SOURCE_TAG, SOURCE).tag(tag, value).register(this.registry);
	}

}
