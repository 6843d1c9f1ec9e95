package dev.switchboard.messaging.messages.stats;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;

/**
 * A counter per tenant in Redis that every status change moves (after its commit); the
 * cached statistics carry it in their key, so a change makes them stale at once, on every
 * instance.
 */
@Component
public class StatsGeneration {

	private static final Logger log = LoggerFactory.getLogger(StatsGeneration.class);

	private static final Duration KEEP = Duration.ofDays(1);

	private final ReactiveStringRedisTemplate redis;

	StatsGeneration(ReactiveStringRedisTemplate redis) {
		this.redis = redis;
	}

	/** Moves the tenant's generation once the current transaction commits. */
	public Mono<Void> bumpAfterCommit(String tenantId) {
		return TransactionSynchronizationManager.forCurrentTransaction()
			.doOnNext((transaction) -> transaction.registerSynchronization(new TransactionSynchronization() {
				@Override
				public Mono<Void> afterCommit() {
					return bump(tenantId);
				}
			}))
			.onErrorResume(NoTransactionException.class, (ex) -> bump(tenantId).then(Mono.empty()))
			.then();
	}

	Mono<Void> bump(String tenantId) {
		String key = key(tenantId);
		// Each command is sent from a worker, the second one too (it would otherwise be
		// sent from Lettuce's I/O thread that completed the first): writing to the shared
		// connection takes a lock, and waiting for it must not park an event loop.
		return this.redis.opsForValue()
			.increment(key)
			.subscribeOn(Schedulers.boundedElastic())
			.then(Mono.defer(() -> this.redis.expire(key, KEEP)).subscribeOn(Schedulers.boundedElastic()))
			.onErrorResume((ex) -> {
				log.debug("Could not move the statistics generation: {}", ex.toString());
				return Mono.just(false);
			})
			.then();
	}

	Mono<String> current(String tenantId) {
		return this.redis.opsForValue().get(key(tenantId)).subscribeOn(Schedulers.boundedElastic()).defaultIfEmpty("0");
	}

	private static String key(String tenantId) {
		return "sb:stats-gen:" + tenantId;
	}

}
