package dev.switchboard.gateway.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.switchboard.events.EventJson;
import dev.switchboard.gateway.limits.RateWindow;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Key lookups shared by every gateway replica in Redis, so that a replica's cold
 * in-process cache costs a Redis read rather than a database query. A prefix no key has
 * is remembered too, for a shorter time, so that a repeated unknown key costs no query
 * either. Entries are deleted when a key or its tenant changes (issuing a key deletes the
 * miss of its prefix); their time to live bounds staleness when a delete is missed (Redis
 * was down at that moment).
 * <p>
 * Every call is bounded by {@code switchboard.api-keys.redis-timeout}: when Redis does
 * not answer in time the caller asks the database instead (the key cache's outage
 * policy), so an unanswered Redis call never leaves a request unanswered. Failures are
 * counted and logged once per outage, with key prefixes only (never a secret).
 */
@Component
class ApiKeyRedisCache {

	private static final Logger log = LoggerFactory.getLogger(ApiKeyRedisCache.class);

	private static final String PREFIX = "gw:key:";

	/** Stored for a prefix no key has; a key entry is a JSON object, never this. */
	private static final String MISS = "-";

	private final ReactiveStringRedisTemplate redis;

	private final Duration ttl;

	private final Duration missTtl;

	private final Duration timeout;

	private final Counter failures;

	private final AtomicBoolean failing = new AtomicBoolean();

	ApiKeyRedisCache(ReactiveStringRedisTemplate redis, ApiKeyProperties properties, MeterRegistry meters) {
		this.redis = redis;
		this.ttl = properties.redisCacheTtl();
		this.missTtl = properties.missTtl();
		this.timeout = properties.redisTimeout();
		this.failures = Counter.builder("gateway.api_keys.redis.failures")
			.description("Key cache calls Redis did not answer in time or refused; the database answered instead")
			.register(meters);
	}

	/**
	 * The shared lookup of a prefix.
	 * @param prefix the key prefix
	 * @return the key, or an empty optional when no key has the prefix; empty when Redis
	 * does not know
	 */
	Mono<Optional<StoredApiKey>> get(String prefix) {
		return bounded(this.redis.opsForValue().get(PREFIX + prefix)).map((value) -> MISS.equals(value)
				? Optional.empty() : Optional.of(EventJson.mapper().readValue(value, Entry.class).toKey()));
	}

	/**
	 * Shares that no key has a prefix.
	 * @param prefix the key prefix
	 * @return completes when stored
	 */
	Mono<Void> putMiss(String prefix) {
		return bounded(this.redis.opsForValue().set(PREFIX + prefix, MISS, this.missTtl)).then();
	}

	Mono<Void> put(String prefix, StoredApiKey key) {
		return bounded(this.redis.opsForValue()
			.set(PREFIX + prefix, EventJson.mapper().writeValueAsString(Entry.of(key)), this.ttl)).then();
	}

	Mono<Void> delete(Collection<String> prefixes) {
		if (prefixes.isEmpty()) {
			return Mono.empty();
		}
		return bounded(this.redis.delete(prefixes.stream().map((prefix) -> PREFIX + prefix).toArray(String[]::new)))
			.then();
	}

	/**
	 * Sends the command from a worker thread, never from an event loop: Lettuce hands its
	 * shared connection to one writer at a time under a lock, and an event loop waiting
	 * for that lock under load stalls every connection it serves. The timeout covers the
	 * hand-over as well as Redis' answer.
	 */
	private <T> Mono<T> bounded(Mono<T> command) {
		return command.subscribeOn(Schedulers.boundedElastic())
			.timeout(this.timeout)
			.doOnSuccess((result) -> answered())
			.doOnError(this::unanswered);
	}

	private void unanswered(Throwable failure) {
		this.failures.increment();
		if (this.failing.compareAndSet(false, true)) {
			log.warn("Redis key cache does not answer ({}); key lookups go to the database until it does",
					failure.toString());
		}
	}

	private void answered() {
		if (this.failing.compareAndSet(true, false)) {
			log.info("Redis key cache answers again");
		}
	}

	/**
	 * The stored form: plain values only.
	 */
	record Entry(UUID id, String tenantId, String kind, byte[] secretHash, Set<String> scopes, Instant expiresAt,
			Instant revokedAt, String tenantStatus, String plan, List<String> rateLimits, String agentId,
			String agentRole) {

		static Entry of(StoredApiKey key) {
			return new Entry(key.id(), key.tenantId(), key.kind(), key.secretHash(), key.scopes(), key.expiresAt(),
					key.revokedAt(), key.tenantStatus(), key.plan(),
					key.rateLimits().stream().map(RateWindow::spec).toList(), key.agentId(), key.agentRole());
		}

		StoredApiKey toKey() {
			return new StoredApiKey(this.id, this.tenantId, this.kind, this.secretHash,
					(this.scopes != null) ? this.scopes : Set.of(), this.expiresAt, this.revokedAt, this.tenantStatus,
					this.plan, (this.rateLimits != null) ? RateWindow.parseAll(this.rateLimits) : List.of(),
					this.agentId, this.agentRole);
		}

	}

}
