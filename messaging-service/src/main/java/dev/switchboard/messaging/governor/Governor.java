package dev.switchboard.messaging.governor;

import java.time.Duration;
import java.util.List;

import dev.switchboard.redis.SharedRedisConnection;
import dev.switchboard.messaging.channels.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Paces sends across every instance with Redis (GCRA: one "theoretical arrival time" per
 * key, moved atomically by a Lua script on Redis's own clock):
 * <ul>
 * <li>per business number at most its tier's rate: every send reserves the next slot and
 * waits for it;</li>
 * <li>per recipient Meta's pair rate (1 per 6 s, bursts up to 45): a send past it is told
 * how long to wait and is delayed, never failed;</li>
 * <li>a number that hit 130429 pauses for 4^X s.</li>
 * </ul>
 * Without Redis the governor lets sends through (logged): Meta's own limits answer 130429
 * and the retries back off.
 */
@Component
public class Governor {

	private static final Logger log = LoggerFactory.getLogger(Governor.class);

	private static final String CLOCK = "local now = redis.call('TIME') "
			+ "local t = tonumber(now[1]) * 1000000 + tonumber(now[2]) "
			+ "local tat = tonumber(redis.call('GET', KEYS[1]) or '0') if tat < t then tat = t end ";

	/** Reserves the next slot; returns the microseconds to wait for it. */
	private static final RedisScript<Long> RESERVE = RedisScript.of(CLOCK + "local interval = tonumber(ARGV[1]) "
			+ "redis.call('SET', KEYS[1], tat + interval, 'PX', math.floor((tat + interval - t) / 1000) + 1000) "
			+ "return tat - t", Long.class);

	/** Takes a slot only when the burst allows it now; else returns the wait. */
	private static final RedisScript<Long> BURST = RedisScript.of(CLOCK + "local interval = tonumber(ARGV[1]) "
			+ "local burst = tonumber(ARGV[2]) local allowAt = tat + interval - burst * interval "
			+ "if allowAt > t then return allowAt - t end "
			+ "redis.call('SET', KEYS[1], tat + interval, 'PX', math.floor((tat + interval - t) / 1000) + 1000) "
			+ "return 0", Long.class);

	private final ReactiveStringRedisTemplate redis;

	private final GovernorProperties properties;

	private final SharedRedisConnection connection;

	Governor(ReactiveStringRedisTemplate redis, GovernorProperties properties, SharedRedisConnection connection) {
		this.redis = redis;
		this.properties = properties;
		this.connection = connection;
	}

	/** Reserves the number's next send slot; emits how long to wait for it. */
	public Mono<Duration> tierSlot(Channel channel) {
		if (!this.properties.enabled()) {
			return Mono.just(Duration.ZERO);
		}
		long interval = 1_000_000L / channel.tierRate();
		return micros(this.redis.execute(RESERVE, List.of(key("tier:", channel.phoneNumberId())),
				List.of(Long.toString(interval))));
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
		return micros(this.redis.execute(BURST, List.of(key("pair:", channel.phoneNumberId() + ":" + recipient)),
				List.of(Long.toString(interval), Integer.toString(this.properties.pairBurst()))));
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

	private Mono<Duration> micros(Flux<Long> result) {
		// Bounded: a Redis that does not answer must not hold a send (and its consumer).
		return this.connection.command(result.next())
			.timeout(this.properties.redisTimeout())
			.map((wait) -> Duration.ofNanos(Math.max(0, wait) * 1000))
			.defaultIfEmpty(Duration.ZERO)
			.onErrorResume(this::unavailable);
	}

	private Mono<Duration> unavailable(Throwable ex) {
		log.warn("Send governor unavailable, sending unpaced: {}", ex.toString());
		return Mono.just(Duration.ZERO);
	}

	private String key(String kind, String id) {
		return this.properties.keyPrefix() + kind + id;
	}

}
