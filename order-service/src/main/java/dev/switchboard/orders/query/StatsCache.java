package dev.switchboard.orders.query;

import java.time.Duration;
import java.util.function.Supplier;

import dev.switchboard.events.EventJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Order stats per tenant cached in Redis for 30 seconds and evicted by every order event.
 * Redis is an optimisation: when it fails, stats come straight from PostgreSQL.
 */
@Component
public class StatsCache {

	static final Duration TTL = Duration.ofSeconds(30);

	private static final Logger log = LoggerFactory.getLogger(StatsCache.class);

	private final ReactiveStringRedisTemplate redis;

	StatsCache(ReactiveStringRedisTemplate redis) {
		this.redis = redis;
	}

	Mono<OrderStats> get(String tenantId, Supplier<Mono<OrderStats>> compute) {
		String key = key(tenantId);
		// Every Redis command is sent from a worker: writing to Lettuce's shared
		// connection
		// takes a lock, and waiting for it must not park an event loop.
		Mono<OrderStats> cached = this.redis.opsForValue()
			.get(key)
			.subscribeOn(Schedulers.boundedElastic())
			.map((json) -> EventJson.mapper().readValue(json, OrderStats.class))
			.onErrorResume((ex) -> {
				log.debug("Stats cache unavailable: {}", ex.toString());
				return Mono.empty();
			});
		return cached.switchIfEmpty(Mono.defer(() -> compute.get()
			.flatMap((stats) -> this.redis.opsForValue()
				.set(key, EventJson.mapper().writeValueAsString(stats), TTL)
				.subscribeOn(Schedulers.boundedElastic())
				.onErrorResume((ex) -> Mono.just(false))
				.thenReturn(stats))));
	}

	/** Forgets the tenant's stats (best effort). */
	public Mono<Void> evict(String tenantId) {
		return this.redis.delete(key(tenantId))
			.subscribeOn(Schedulers.boundedElastic())
			.onErrorResume((ex) -> Mono.just(0L))
			.then();
	}

	private static String key(String tenantId) {
		return "orders:stats:" + tenantId;
	}

}
