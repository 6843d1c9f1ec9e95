package dev.switchboard.ingest.whatsapp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.switchboard.events.redis.SharedRedisConnection;
import dev.switchboard.ingest.whatsapp.DerivedEvents.RoutedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Recognises updates Meta delivered before, by their content-derived event id, in Redis:
 * one Lua script per webhook claims every update of the body in one round trip. An update
 * lands in a small hash of the day of its own time (a repeat has the same time, hence the
 * same bucket), which expires {@code window} after that day. Dedup is an optimisation:
 * when Redis fails or is slow the webhook is published whole (consumers deduplicate by
 * event id) and the miss is counted.
 */
@Component
class Deduplicator {

	private static final Logger log = LoggerFactory.getLogger(Deduplicator.class);

	private static final String PREFIX = "wa:dd:";

	private static final long DAY_SECONDS = 86_400L;

	/** KEYS[i], ARGV[2i-1] = field, ARGV[2i] = expiry: 1 when newly claimed, else 0. */
	private static final RedisScript<List> CLAIM = RedisScript.of("""
			local claimed = {}
			for i = 1, #KEYS do
			  claimed[i] = redis.call('HSETNX', KEYS[i], ARGV[2 * i - 1], '1')
			  if claimed[i] == 1 then redis.call('EXPIREAT', KEYS[i], ARGV[2 * i]) end
			end
			return claimed""", List.class);

	private static final RedisScript<Long> RELEASE = RedisScript.of("""
			for i = 1, #KEYS do redis.call('HDEL', KEYS[i], ARGV[i]) end
			return #KEYS""", Long.class);

	private final ReactiveStringRedisTemplate redis;

	private final SharedRedisConnection connection;

	private final IngestMetrics metrics;

	private final DedupProperties properties;

	private final long bucketsPerDay;

	Deduplicator(ReactiveStringRedisTemplate redis, SharedRedisConnection connection, IngestMetrics metrics,
			DedupProperties properties) {
		this.redis = redis;
		this.connection = connection;
		this.metrics = metrics;
		this.properties = properties;
		this.bucketsPerDay = properties.bucketsPerDay();
	}

	/** Splits events into first deliveries (to publish) and repeats. */
	Mono<Outcome> claim(List<RoutedEvent> events) {
		if (!this.properties.enabled() || events.isEmpty()) {
			return Mono.just(Outcome.unchecked(events));
		}
		long now = Instant.now().getEpochSecond();
		List<Slot> slots = new ArrayList<>(events.size());
		List<RoutedEvent> unchecked = new ArrayList<>();
		for (RoutedEvent event : events) {
			Slot slot = slot(event);
			// An update older than the window cannot be a repeat Meta still sends.
			if (slot.expireAt() > now) {
				slots.add(slot);
			}
			else {
				unchecked.add(event);
			}
		}
		if (slots.isEmpty()) {
			return Mono.just(Outcome.unchecked(events));
		}
		List<String> keys = slots.stream().map(Slot::key).toList();
		List<String> args = new ArrayList<>(slots.size() * 2);
		slots.forEach((slot) -> {
			args.add(slot.field());
			args.add(Long.toString(slot.expireAt()));
		});
		return guard(this.redis.execute(CLAIM, keys, args).collectList()).map((results) -> {
			List<Object> flags = flatten(results);
			List<RoutedEvent> fresh = new ArrayList<>(unchecked);
			List<RoutedEvent> repeats = new ArrayList<>();
			List<Slot> claimed = new ArrayList<>();
			for (int i = 0; i < slots.size(); i++) {
				Slot slot = slots.get(i);
				if (i < flags.size() && Long.valueOf(0).equals(flags.get(i))) {
					repeats.add(slot.event());
				}
				else {
					fresh.add(slot.event());
					claimed.add(slot);
				}
			}
			return new Outcome(fresh, repeats, claimed, true);
		}).onErrorResume((ex) -> {
			this.metrics.dedupUnavailable();
			log.warn("Dedup store unavailable, publishing {} events without it: {}", events.size(), ex.toString());
			return Mono.just(Outcome.unchecked(events));
		});
	}

	/**
	 * Forgets the claims of events that could not be published, so the provider's retry
	 * is not taken for a repeat. Best effort.
	 */
	Mono<Void> release(Outcome outcome) {
		if (outcome.claimed().isEmpty()) {
			return Mono.empty();
		}
		List<String> keys = outcome.claimed().stream().map(Slot::key).toList();
		List<String> fields = outcome.claimed().stream().map(Slot::field).toList();
		return guard(this.redis.execute(RELEASE, keys, fields).then()).onErrorResume((ex) -> {
			log.warn("Could not release {} dedup claims: {}", keys.size(), ex.toString());
			return Mono.empty();
		});
	}

	private <T> Mono<T> guard(Mono<T> operation) {
		// From the request's thread once the shared connection is open: a worker hop per
		// webhook cost more than the script.
		return this.connection.command(Mono.defer(() -> operation)).timeout(this.properties.timeout());
	}

	private Slot slot(RoutedEvent event) {
		UUID id = UUID.fromString(event.outgoing().event().id());
		long day = Math.floorDiv(event.outgoing().event().time().getEpochSecond(), DAY_SECONDS);
		long bucket = Math.floorMod(id.getMostSignificantBits(), this.bucketsPerDay);
		long expireAt = (day + 1) * DAY_SECONDS + this.properties.window().toSeconds();
		return new Slot(event, PREFIX + day + ":" + bucket, Long.toString(id.getLeastSignificantBits(), 36), expireAt);
	}

	private static List<Object> flatten(List<?> results) {
		List<Object> flat = new ArrayList<>();
		for (Object result : results) {
			if (result instanceof List<?> list) {
				flat.addAll(list);
			}
			else {
				flat.add(result);
			}
		}
		return flat;
	}

	/** Where one event's claim lives: a hash per day and bucket, a field per event. */
	record Slot(RoutedEvent event, String key, String field, long expireAt) {

	}

	/**
	 * @param fresh events to publish
	 * @param repeats events already published
	 * @param claimed claims made by this webhook, released when publishing fails
	 * @param checked whether the store answered
	 */
	record Outcome(List<RoutedEvent> fresh, List<RoutedEvent> repeats, List<Slot> claimed, boolean checked) {

		static Outcome unchecked(List<RoutedEvent> events) {
			return new Outcome(events, List.of(), List.of(), false);
		}

	}

}
