package dev.switchboard.messaging.messages.stats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchboard.redis.SharedRedisConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;

/**
 * A counter per tenant in Redis that status changes move (after their commit); the cached
 * statistics carry it in their key, so a change makes them stale on every instance.
 * <p>
 * The tenants whose statistics changed are gathered and their counters moved together
 * every {@link #INTERVAL}: at hundreds of status changes a second, two Redis commands per
 * change cost more than the statistics they keep fresh, and statistics a few milliseconds
 * old are as good.
 */
@Component
public class StatsGeneration implements SmartLifecycle {

	static final Duration INTERVAL = Duration.ofMillis(50);

	private static final Logger log = LoggerFactory.getLogger(StatsGeneration.class);

	private static final Duration KEEP = Duration.ofDays(1);

	private final ReactiveStringRedisTemplate redis;

	private final SharedRedisConnection connection;

	private final Set<String> changed = ConcurrentHashMap.newKeySet();

	private volatile Disposable moving;

	StatsGeneration(ReactiveStringRedisTemplate redis, SharedRedisConnection connection) {
		this.redis = redis;
		this.connection = connection;
	}

	/**
	 * Moves the tenant's generation within {@link #INTERVAL} of the current transaction's
	 * commit (or at once without a transaction).
	 */
	public Mono<Void> bumpAfterCommit(String tenantId) {
		return TransactionSynchronizationManager.forCurrentTransaction()
			.doOnNext((transaction) -> transaction.registerSynchronization(new TransactionSynchronization() {
				@Override
				public Mono<Void> afterCommit() {
					return Mono.fromRunnable(() -> StatsGeneration.this.changed.add(tenantId));
				}
			}))
			.onErrorResume(NoTransactionException.class, (ex) -> Mono.fromRunnable(() -> this.changed.add(tenantId)))
			.then();
	}

	private Mono<Void> moveChanged() {
		if (this.changed.isEmpty()) {
			return Mono.empty();
		}
		List<String> tenants = new ArrayList<>(this.changed);
		tenants.forEach(this.changed::remove);
		// Every command is written from one worker, in order (INCR before its EXPIRE on
		// the one connection): the first may open the shared connection, which is
		// blocking I/O. One hop per interval, not per change.
		return Flux.fromIterable(tenants)
			.flatMap((tenantId) -> Mono.when(this.redis.opsForValue().increment(key(tenantId)),
					this.redis.expire(key(tenantId), KEEP)))
			.subscribeOn(Schedulers.boundedElastic())
			.timeout(INTERVAL.multipliedBy(20))
			.onErrorResume((ex) -> {
				log.debug("Could not move the statistics generation: {}", ex.toString());
				return Mono.empty();
			})
			.then();
	}

	Mono<String> current(String tenantId) {
		return this.connection.command(this.redis.opsForValue().get(key(tenantId))).defaultIfEmpty("0");
	}

	@Override
	public void start() {
		this.moving = Flux.interval(INTERVAL).onBackpressureDrop().concatMap((tick) -> moveChanged(), 1).subscribe();
	}

	@Override
	public void stop() {
		Disposable running = this.moving;
		this.moving = null;
		if (running != null) {
			running.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		return this.moving != null;
	}

	private static String key(String tenantId) {
		return "sb:stats-gen:" + tenantId;
	}

}
