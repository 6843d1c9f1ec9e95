package dev.switchboard.messaging.pacing;

import java.time.Duration;
import java.util.List;

import dev.switchboard.messaging.channels.Channel;
import dev.switchboard.redis.LuaScripts;
import dev.switchboard.redis.SharedRedisConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Paces each business number's sends to WhatsApp's throughput limits, on every instance
 * together through Redis:
 * <ul>
 * <li>per business number at most its tier's rate: every send reserves the next slot and
 * waits for it;</li>
 * <li>per recipient Meta's pair rate (1 per 6 s, bursts up to 45): a send past it is told
 * how long to wait and is delayed, never failed;</li>
 * <li>a number that hit 130429 pauses for 4^X s.</li>
 * </ul>
 * Both rates are GCRA: one "theoretical arrival time" per key, moved atomically on
 * Redis's own clock by one Lua script ({@code scripts/send-slot.lua}), one round trip per
 * slot. Without Redis sends go through unpaced (logged): Meta's own limits answer 130429
 * and the retries back off.
 * <p>
 * Not the gateway's rate limit script, although both decide together for every instance
 * in one script: the gateway admits or refuses a request now under fixed windows (a
 * second to a month) and answers how many requests are left in the tightest one and when
 * it starts over, which is what a count per window is. Pacing refuses nothing: each send
 * is given the time of its slot, and the slots must be spread evenly: a fixed one-second
 * window would let a whole tier go out on each side of a window's boundary, twice the
 * tier within milliseconds. Shared: the script is loaded once with {@link LuaScripts}.
 */
@Component
public class SendPacer {

	private static final Logger log = LoggerFactory.getLogger(SendPacer.class);

	private final ReactiveStringRedisTemplate redis;

	private final SendPacingProperties properties;

	private final SharedRedisConnection connection;

	/** Read and hashed at start-up: never from the class path on an event loop. */
	private final RedisScript<Long> slot;

	SendPacer(ReactiveStringRedisTemplate redis, SendPacingProperties properties, SharedRedisConnection connection) {
		this.redis = redis;
		this.properties = properties;
		this.connection = connection;
		this.slot = LuaScripts.load("scripts/send-slot.lua", Long.class);
	}

	/** Reserves the number's next send slot; emits how long to wait for it. */
	public Mono<Duration> tierSlot(Channel channel) {
		if (!this.properties.enabled()) {
			return Mono.just(Duration.ZERO);
		}
		long interval = 1_000_000L / channel.tierRate();
		return slot(key("tier:", channel.phoneNumberId()), interval, 1, true);
	}

	/**
	 * Takes a slot of the recipient's pair rate when one is free now; otherwise emits the
	 * wait before one is (and takes nothing).
	 */
	public Mono<Duration> pairSlot(Channel channel, String recipient) {
		if (!this.properties.enabled()) {
			return Mono.just(Duration.ZERO);
		}
		long interval = this.properties.pairInterval().toNanos() / 1000;
		return slot(key("pair:", channel.phoneNumberId() + ":" + recipient), interval, this.properties.pairBurst(),
				false);
	}

	/**
	 * How long the number is still paused after a throughput error (zero: not paused).
	 */
	public Mono<Duration> pause(Channel channel) {
		if (!this.properties.enabled()) {
			return Mono.just(Duration.ZERO);
		}
		return this.connection.command(this.redis.getExpire(key("pause:", channel.phoneNumberId())))
			.timeout(this.properties.redisTimeout())
			.filter((left) -> !left.isNegative())
			.defaultIfEmpty(Duration.ZERO)
			.onErrorResume((ex) -> unavailable(ex));
	}

	/** Pauses the number's sends (after 130429). */
	public Mono<Void> pauseFor(Channel channel, Duration pause) {
		if (!this.properties.enabled()) {
			return Mono.empty();
		}
		return this.connection.command(this.redis.opsForValue().set(key("pause:", channel.phoneNumberId()), "1", pause))
			.timeout(this.properties.redisTimeout())
			.onErrorResume((ex) -> unavailable(ex).thenReturn(false))
			.then();
	}

	/**
	 * One slot of a rate; emits the wait for it.
	 * @param key the rate's Redis key
	 * @param intervalMicros time between two slots
	 * @param burst slots that may be taken at once
	 * @param reserve whether a slot ahead is reserved (the caller waits for it) rather
	 * than only reported (nothing taken)
	 */
	private Mono<Duration> slot(String key, long intervalMicros, int burst, boolean reserve) {
		List<String> args = List.of(Long.toString(intervalMicros), Integer.toString(burst), reserve ? "1" : "0");
		// Bounded: a Redis that does not answer must not hold a send (and its consumer).
		return this.connection.command(this.redis.execute(this.slot, List.of(key), args).next())
			.timeout(this.properties.redisTimeout())
			.map((wait) -> Duration.ofNanos(Math.max(0, wait) * 1000))
			.defaultIfEmpty(Duration.ZERO)
			.onErrorResume(this::unavailable);
	}

	private Mono<Duration> unavailable(Throwable ex) {
		// The line keeps the name the pacer had: operators and the benchmark notes look
		// for it.
		log.warn("Send governor unavailable, sending unpaced: {}", ex.toString());
		return Mono.just(Duration.ZERO);
	}

	private String key(String kind, String id) {
		return this.properties.keyPrefix() + kind + id;
	}

}
