package dev.switchboard.orders.query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.switchboard.events.EventJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Order stats per tenant cached in Redis for 30 seconds and evicted by every order event.
 * Redis is an optimisation: when it fails, stats come straight from PostgreSQL.
 * <p>
 * Evictions are gathered and sent as one {@code DEL} every {@link #EVICTION_INTERVAL}: at
 * 200 orders/s a Redis round trip per event cost more than the stats it keeps fresh, and
 * stats a few milliseconds old are as good.
 */
@Component
public class StatsCache implements SmartLifecycle {

	static final Duration TTL = Duration.ofSeconds(30);

	static final Duration EVICTION_INTERVAL = Duration.ofMillis(50);

	private static final Logger log = LoggerFactory.getLogger(StatsCache.class);

	private final ReactiveStringRedisTemplate redis;

	private final Set<String> stale = ConcurrentHashMap.newKeySet();

	private volatile Disposable evicting;

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

	/**
	 * Forgets the tenant's stats (best effort) within {@link #EVICTION_INTERVAL}.
	 */
	public Mono<Void> evict(String tenantId) {
		return Mono.fromRunnable(() -> this.stale.add(key(tenantId)));
	}

	private Mono<Void> deleteStale() {
		if (this.stale.isEmpty()) {
			return Mono.empty();
		}
		List<String> keys = new ArrayList<>(this.stale);
		keys.forEach(this.stale::remove);
		return this.redis.delete(keys.toArray(String[]::new))
			.subscribeOn(Schedulers.boundedElastic())
			.timeout(EVICTION_INTERVAL.multipliedBy(20))
			.onErrorResume((ex) -> {
				log.debug("Stats cache eviction failed: {}", ex.toString());
				return Mono.just(0L);
			})
			.then();
	}

	@Override
	public void start() {
		this.evicting = Flux.interval(EVICTION_INTERVAL)
			.onBackpressureDrop()
			.concatMap((tick) -> deleteStale(), 1)
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable running = this.evicting;
		this.evicting = null;
		if (running != null) {
			running.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		return this.evicting != null;
	}

	private static String key(String tenantId) {
		return "orders:stats:" + tenantId;
	}

}
