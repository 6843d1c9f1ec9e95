package dev.switchboard.ingest.whatsapp.dedup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.switchboard.ingest.IngestProperties;
import dev.switchboard.ingest.whatsapp.derivation.DerivedEvents.RoutedEvent;
import dev.switchboard.ingest.whatsapp.metrics.IngestMetrics;
import dev.switchboard.redis.SharedRedisConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Recognises updates Meta delivered before, by their content-derived event id, in Redis:
 * one Lua script per webhook claims every update of the body in one round trip. A claim
 * is first pending: a key of its own that expires shortly after the publish timeout. Once
 * Kafka acknowledged the events, a second script makes their claims final: an entry in a
 * small hash of the day of the update's own time (a repeat has the same time, hence the
 * same bucket), which expires {@code window} after that day. A failed publish drops the
 * pending claims, or they expire, so the provider's retry is published. Dedup is an
 * optimisation: when Redis fails or is slow the webhook is published whole (consumers
 * deduplicate by event id) and the miss is counted.
 */
@Component
public class Deduplicator {

	private static final Logger log = LoggerFactory.getLogger(Deduplicator.class);

	private static final String PREFIX = "wa:dd:";

	private static final String PENDING_PREFIX = "wa:ddp:";

	private static final long DAY_SECONDS = 86_400L;

	/** First pause before looking again at a claim pending elsewhere; it doubles. */
	private static final Duration FIRST_WAIT = Duration.ofMillis(10);

	private static final Duration LONGEST_WAIT = Duration.ofMillis(200);

	private static final Long REPEAT = 0L;

	private static final Long CLAIMED = 1L;

	/**
	 * KEYS[2i-1] = day hash, KEYS[2i] = pending claim; ARGV[1] = owner, ARGV[2] = pending
	 * TTL in ms, ARGV[2+i] = field. Per update: 0 = final claim (a repeat, also the same
	 * update twice in one body), 1 = claimed now (pending), 2 = pending claim of another
	 * delivery.
	 */
	private static final RedisScript<List> CLAIM = RedisScript.of("""
			local claimed = {}
			for i = 1, #KEYS / 2 do
			  if redis.call('HEXISTS', KEYS[2 * i - 1], ARGV[2 + i]) == 1 then claimed[i] = 0
			  elseif redis.call('SET', KEYS[2 * i], ARGV[1], 'NX', 'PX', ARGV[2]) then claimed[i] = 1
			  elseif redis.call('GET', KEYS[2 * i]) == ARGV[1] then claimed[i] = 0
			  else claimed[i] = 2 end
			end
			return claimed""", List.class);

	/**
	 * KEYS[2i-1] = day hash, KEYS[2i] = pending claim; ARGV[1] = owner, ARGV[2i] = field,
	 * ARGV[2i+1] = expiry of the day hash.
	 */
	private static final RedisScript<Long> CONFIRM = RedisScript.of("""
			for i = 1, #KEYS / 2 do
			  if redis.call('HSETNX', KEYS[2 * i - 1], ARGV[2 * i], '1') == 1 then
			    redis.call('EXPIREAT', KEYS[2 * i - 1], ARGV[2 * i + 1])
			  end
			  if redis.call('GET', KEYS[2 * i]) == ARGV[1] then redis.call('DEL', KEYS[2 * i]) end
			end
			return 1""", Long.class);

	/** KEYS = pending claims; ARGV[1] = owner: only the owner's claims are dropped. */
	private static final RedisScript<Long> RELEASE = RedisScript.of("""
			for i = 1, #KEYS do
			  if redis.call('GET', KEYS[i]) == ARGV[1] then redis.call('DEL', KEYS[i]) end
			end
			return 1""", Long.class);

	private final ReactiveStringRedisTemplate redis;

	private final SharedRedisConnection connection;

	private final IngestMetrics metrics;

	private final DedupProperties properties;

	private final long bucketsPerDay;

	private final Duration pendingTtl;

	Deduplicator(ReactiveStringRedisTemplate redis, SharedRedisConnection connection, IngestMetrics metrics,
			DedupProperties properties, IngestProperties ingest) {
		this.redis = redis;
		this.connection = connection;
		this.metrics = metrics;
		this.properties = properties;
		this.bucketsPerDay = properties.bucketsPerDay();
		this.pendingTtl = properties.pendingTtl(ingest.publishTimeout());
	}

	/**
	 * The claims of a webhook's events, not yet taken (see {@link DedupClaim}).
	 */
	public DedupClaim claim(List<RoutedEvent> events) {
		if (!this.properties.enabled() || events.isEmpty()) {
			return DedupClaim.unchecked(events);
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
		return new DedupClaim(this, owner(), events, unchecked, slots);
	}

	/** Takes the claims; see {@link DedupClaim#outcome()}. */
	Mono<Outcome> take(DedupClaim claim) {
		Tally tally = new Tally(claim.unchecked());
		return settle(claim, claim.slots(), tally, System.nanoTime() + this.pendingTtl.toNanos(), FIRST_WAIT);
	}

	/**
	 * One round: claims of the open slots that come back pending elsewhere are asked
	 * again after a pause, until they are decided. Their owner decides within the publish
	 * timeout, or its claims expire: after the pending TTL they are published.
	 */
	private Mono<Outcome> settle(DedupClaim claim, List<Slot> open, Tally tally, long giveUpAt, Duration wait) {
		List<String> keys = new ArrayList<>(open.size() * 2);
		List<String> args = new ArrayList<>(open.size() + 2);
		args.add(claim.owner());
		args.add(Long.toString(this.pendingTtl.toMillis()));
		open.forEach((slot) -> {
			keys.add(slot.key());
			keys.add(slot.pendingKey());
			args.add(slot.field());
		});
		return guard(this.redis.execute(CLAIM, keys, args).collectList()).flatMap((results) -> {
			List<Object> flags = flatten(results);
			List<Slot> pending = new ArrayList<>();
			for (int i = 0; i < open.size(); i++) {
				Slot slot = open.get(i);
				Object flag = (i < flags.size()) ? flags.get(i) : null;
				if (REPEAT.equals(flag)) {
					tally.repeats.add(slot.event());
				}
				else if (CLAIMED.equals(flag)) {
					tally.fresh.add(slot.event());
					tally.claimed.add(slot);
				}
				else {
					pending.add(slot);
				}
			}
			if (pending.isEmpty()) {
				return Mono.just(tally.outcome());
			}
			if (System.nanoTime() - giveUpAt > 0) {
				// Claimed again and again by others: publishing twice loses nothing.
				pending.forEach((slot) -> tally.fresh.add(slot.event()));
				return Mono.just(tally.outcome());
			}
			Duration next = (wait.compareTo(LONGEST_WAIT) < 0) ? wait.multipliedBy(2) : LONGEST_WAIT;
			return Mono.delay(wait).then(Mono.defer(() -> settle(claim, pending, tally, giveUpAt, next)));
		}).onErrorResume((ex) -> {
			this.metrics.dedupUnavailable();
			log.warn("Dedup store unavailable, publishing {} events without it: {}", open.size(), ex.toString());
			open.forEach((slot) -> tally.fresh.add(slot.event()));
			return Mono.just(tally.outcome());
		});
	}

	/** Makes the claims of published events final; see {@link DedupClaim#confirm}. */
	Mono<Void> confirm(DedupClaim claim, List<Slot> claimed) {
		List<String> keys = new ArrayList<>(claimed.size() * 2);
		List<String> args = new ArrayList<>(claimed.size() * 2 + 1);
		args.add(claim.owner());
		claimed.forEach((slot) -> {
			keys.add(slot.key());
			keys.add(slot.pendingKey());
			args.add(slot.field());
			args.add(Long.toString(slot.expireAt()));
		});
		return guard(this.redis.execute(CONFIRM, keys, args).then()).onErrorResume((ex) -> {
			log.warn("Could not confirm {} dedup claims, their repeats will be published: {}", claimed.size(),
					ex.toString());
			return Mono.empty();
		});
	}

	/** Drops a webhook's pending claims; see {@link DedupClaim#release}. */
	Mono<Void> release(DedupClaim claim) {
		List<String> keys = claim.slots().stream().map(Slot::pendingKey).distinct().toList();
		return guard(this.redis.execute(RELEASE, keys, List.of(claim.owner())).then()).onErrorResume((ex) -> {
			log.warn("Could not release {} dedup claims, they expire within {}: {}", keys.size(), this.pendingTtl,
					ex.toString());
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
		String field = Long.toString(id.getLeastSignificantBits(), 36);
		return new Slot(event, PREFIX + day + ":" + bucket, field, PENDING_PREFIX + day + ":" + bucket + ":" + field,
				expireAt);
	}

	/**
	 * Tells one webhook's claims from those of concurrent deliveries of the same updates.
	 * Not a secret: no entropy source that could block the request's thread.
	 */
	private static String owner() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return Long.toString(random.nextLong(), 36) + Long.toString(random.nextLong(), 36);
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

	/**
	 * Where one event's claims live: its final claim is a field of a hash per day and
	 * bucket, its pending claim a key of its own.
	 */
	public record Slot(RoutedEvent event, String key, String field, String pendingKey, long expireAt) {

	}

	/**
	 * @param fresh events to publish
	 * @param repeats events already published
	 * @param claimed pending claims taken by this webhook, made final once its events are
	 * acknowledged
	 */
	public record Outcome(List<RoutedEvent> fresh, List<RoutedEvent> repeats, List<Slot> claimed) {

		static Outcome unchecked(List<RoutedEvent> events) {
			return new Outcome(events, List.of(), List.of());
		}

	}

	/** The decisions of the rounds so far. */
	private static final class Tally {

		private final List<RoutedEvent> fresh;

		private final List<RoutedEvent> repeats = new ArrayList<>();

		private final List<Slot> claimed = new ArrayList<>();

		Tally(List<RoutedEvent> unchecked) {
			this.fresh = new ArrayList<>(unchecked);
		}

		Outcome outcome() {
			return new Outcome(List.copyOf(this.fresh), List.copyOf(this.repeats), List.copyOf(this.claimed));
		}

	}

}
