package dev.switchboard.ingest.whatsapp.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Counters of what happened to WhatsApp webhooks, per channel, kind and reason.
 */
@Component
public class IngestMetrics {

	static final String RECEIVED = "switchboard.ingest.received";

	public static final String ACCEPTED = "switchboard.ingest.accepted";

	static final String DUPLICATES = "switchboard.ingest.duplicates";

	public static final String REJECTED = "switchboard.ingest.rejected";

	public static final String UNROUTED = "switchboard.ingest.unrouted";

	public static final String DEDUP_UNAVAILABLE = "switchboard.ingest.dedup.unavailable";

	static final String PUBLISH_LATENCY = "switchboard.ingest.publish.latency";

	public static final String PARSED = "switchboard.ingest.parsed";

	/** Channel tag of items no channel owns. */
	public static final String NO_CHANNEL = "unknown";

	private static final String SOURCE_TAG = "source";

	private static final String SOURCE = "whatsapp";

	/** Keeps tag values bounded and clean. */
	private static final Pattern KIND = Pattern.compile("[a-z_]{1,64}");

	private final MeterRegistry registry;

	/** Meter lookups on the request path without the registry's builder work. */
	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	private final Timer publishLatency;

	private final Counter dedupUnavailable;

	private final Counter parsed;

	public IngestMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.publishLatency = Timer.builder(PUBLISH_LATENCY)
			.tag(SOURCE_TAG, SOURCE)
			.description("From a verified webhook to Kafka's acknowledgement of all its events")
			.publishPercentiles(0.5, 0.99)
			.register(registry);
		this.dedupUnavailable = Counter.builder(DEDUP_UNAVAILABLE).tag(SOURCE_TAG, SOURCE).register(registry);
		this.parsed = Counter.builder(PARSED)
			.tag(SOURCE_TAG, SOURCE)
			.description("Bodies handed to the JSON parser, each only once its signature matched")
			.register(registry);
	}

	/** Items of a kind of a channel found in a verified webhook, repeats included. */
	public void received(String kind, String channel, int count) {
		counter(RECEIVED, kind(kind), channel).increment(count);
	}

	/** Events of a kind (status, inbound_message, …) published and acknowledged. */
	public void accepted(String kind, String channel, int count) {
		counter(ACCEPTED, kind(kind), channel).increment(count);
	}

	/** Events of a kind already published before (Meta's retries, several apps). */
	public void duplicates(String kind, String channel, int count) {
		counter(DUPLICATES, kind(kind), channel).increment(count);
	}

	/** A request or item refused or parked, by reason (e.g. invalid_signature). */
	public void rejected(String reason) {
		rejected(reason, 1);
	}

	public void rejected(String reason, int count) {
		this.counters
			.computeIfAbsent(REJECTED + "|" + reason,
					(name) -> Counter.builder(REJECTED)
						.tag(SOURCE_TAG, SOURCE)
						.tag("reason", reason)
						.register(this.registry))
			.increment(count);
	}

	/** Items of a kind for a phone number id or WABA id no channel owns, parked. */
	public void unrouted(String kind, int count) {
		counter(UNROUTED, kind(kind), NO_CHANNEL).increment(count);
	}

	/** A body handed to the JSON parser (after its signature matched). */
	public void parsed() {
		this.parsed.increment();
	}

	/** A webhook published without deduplication because Redis did not answer. */
	public void dedupUnavailable() {
		this.dedupUnavailable.increment();
	}

	public void publishLatency(long nanos) {
		this.publishLatency.record(nanos, TimeUnit.NANOSECONDS);
	}

	private static String kind(String kind) {
		return KIND.matcher(kind).matches() ? kind : "other";
	}

	private Counter counter(String name, String kind, String channel) {
		return this.counters.computeIfAbsent(name + "|" + kind + "|" + channel,
				(key) -> Counter.builder(name)
					.tag(SOURCE_TAG, SOURCE)
					.tag("kind", kind)
					.tag("channel", channel)
					.register(this.registry));
	}

}
