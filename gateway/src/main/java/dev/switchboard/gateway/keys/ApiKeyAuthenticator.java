package dev.switchboard.gateway.keys;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import dev.switchboard.gateway.web.GatewayProblem;

/**
 * Checks presented API keys against the stored ones: secret hash (constant time),
 * revocation, expiry and tenant status. A lookup goes memory (a few seconds) → Redis
 * (shared by the replicas) → PostgreSQL, and remembers a prefix no key has as well;
 * changes delete the Redis entry and tell every replica to forget its copy.
 * <p>
 * A client address that failed too often is refused (429) whenever answering would need
 * the database; a valid key already cached in memory or Redis still works from it.
 * <p>
 * While a key cannot be looked up (PostgreSQL down and Redis without it), a key that
 * authenticated here within the outage grace keeps working from memory; a change to it is
 * still forgotten at once, since changes are published.
 */
@Component
class ApiKeyAuthenticator {

	private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticator.class);

	private final ApiKeyStore store;

	private final ApiKeyRedisCache shared;

	private final FailedAuthentications failures;

	private final ClientAddresses clients;

	private final Clock clock;

	private final Duration lookupTimeout;

	private final AsyncCache<String, Optional<StoredApiKey>> lookups;

	private final Counter databaseLookups;

	private final Cache<String, StoredApiKey> lastKnown;

	private final AtomicBoolean answeringFromMemory = new AtomicBoolean();

	@Autowired
	ApiKeyAuthenticator(ApiKeyStore store, ApiKeyRedisCache shared, FailedAuthentications failures,
			ApiKeyProperties properties, MeterRegistry meters) {
		this(store, shared, failures, properties, meters, Clock.systemUTC());
	}

	ApiKeyAuthenticator(ApiKeyStore store, ApiKeyRedisCache shared, FailedAuthentications failures,
			ApiKeyProperties properties, MeterRegistry meters, Clock clock) {
		this.store = store;
		this.shared = shared;
		this.failures = failures;
		this.clients = new ClientAddresses(properties.trustedProxies());
		this.clock = clock;
		this.lookupTimeout = properties.lookupTimeout();
		// Caffeine drops a lookup that failed, so a database outage is not cached.
		this.lookups = Caffeine.newBuilder()
			.expireAfterWrite(properties.cacheTtl())
			.maximumSize(properties.cacheMaximumSize())
			.buildAsync();
		this.lastKnown = Caffeine.newBuilder()
			.expireAfterWrite(properties.outageGrace())
			.maximumSize(properties.outageGrace().isZero() ? 0 : properties.cacheMaximumSize())
			.build();
		this.databaseLookups = Counter.builder("gateway.api_keys.lookups")
			.description("Key lookups that reached the database (neither memory nor Redis knew the prefix)")
			.register(meters);
	}

	/**
	 * Authenticates the key a request presents.
	 * @param exchange the request
	 * @return the authenticated key, or empty when the key is unknown, wrong, revoked or
	 * expired; a 401 problem when there is none or it is malformed, 403 when its tenant
	 * is suspended, 429 (with {@code Retry-After}) when the client failed too often
	 */
	Mono<AuthenticatedKey> authenticate(ServerWebExchange exchange) {
		return Mono.fromCallable(() -> PresentedKey.from(exchange.getRequest()))
			.flatMap((credentials) -> authenticate(credentials, this.clients.of(exchange.getRequest())))
			.onErrorMap(Refused.class, (refused) -> {
				exchange.getResponse()
					.getHeaders()
					.set(HttpHeaders.RETRY_AFTER, Long.toString(refused.retryAfterSeconds));
				return this.failures.tooMany(refused.retryAfterSeconds);
			});
	}

	/** Forgets this replica's copies of the keys. */
	void forget(Collection<String> prefixes) {
		this.lookups.synchronous().invalidateAll(prefixes);
		this.lastKnown.invalidateAll(prefixes);
	}

	Mono<AuthenticatedKey> authenticate(ApiKeyCredentials credentials, String client) {
		return stored(credentials.prefix(), client).flatMap((stored) -> Mono.justOrEmpty(verify(credentials, stored)))
			.switchIfEmpty(Mono.defer(() -> failed(client)));
	}

	/**
	 * What is stored under a prefix. An address that failed too often gets only what is
	 * known without the database.
	 */
	private Mono<Optional<StoredApiKey>> stored(String prefix, String client) {
		CompletableFuture<Optional<StoredApiKey>> known = this.lookups.getIfPresent(prefix);
		if (known != null && known.isCompletedExceptionally()) {
			// Caffeine drops a failed lookup only once the future's callbacks ran: a
			// caller arriving before that looks the key up again, not into the old
			// failure.
			this.lookups.asMap().remove(prefix, known);
			known = null;
		}
		if (known != null) {
			return Mono.fromFuture(known, true);
		}
		long refusedFor = this.failures.refusedFor(client);
		if (refusedFor > 0) {
			return sharedLookup(prefix).switchIfEmpty(Mono.error(() -> new Refused(refusedFor)));
		}
		// The lookup is shared by concurrent callers: one caller cancelling must not
		// cancel it. Caffeine never expires a lookup still running, so one that never
		// ended would leave every request with this key unanswered: it is bounded.
		return Mono
			.fromFuture(() -> this.lookups.get(prefix,
					(ignored, executor) -> lookup(prefix).timeout(this.lookupTimeout).toFuture()), true)
			.doOnNext((found) -> found.ifPresent((key) -> remember(prefix, key)))
			.onErrorResume((failure) -> lastKnown(prefix, failure));
	}

	private void remember(String prefix, StoredApiKey key) {
		this.lastKnown.put(prefix, key);
		if (this.answeringFromMemory.compareAndSet(true, false)) {
			log.info("API keys are looked up again");
		}
	}

	/**
	 * A key this replica saw within the outage grace, or the failure when there is none.
	 */
	private Mono<Optional<StoredApiKey>> lastKnown(String prefix, Throwable failure) {
		StoredApiKey key = this.lastKnown.getIfPresent(prefix);
		if (key == null) {
			return Mono.error(failure);
		}
		if (this.answeringFromMemory.compareAndSet(false, true)) {
			log.warn("API keys cannot be looked up ({}): keys seen lately are checked from memory", failure.toString());
		}
		return Mono.just(Optional.of(key));
	}

	private Mono<AuthenticatedKey> failed(String client) {
		long refusedFor = this.failures.refusedFor(client);
		if (refusedFor > 0) {
			return Mono.error(new Refused(refusedFor));
		}
		return this.failures.failed(client).then(Mono.empty());
	}

	private Mono<Optional<StoredApiKey>> lookup(String prefix) {
		Mono<Optional<StoredApiKey>> fromDatabase = Mono.defer(() -> {
			this.databaseLookups.increment();
			return this.store.findByPrefix(prefix);
		})
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((found) -> share(prefix, found).onErrorResume((failure) -> {
				log.debug("Could not share key lookup {} in Redis: {}", prefix, failure.toString());
				return Mono.empty();
			}).thenReturn(found));
		return sharedLookup(prefix).switchIfEmpty(fromDatabase);
	}

	private Mono<Optional<StoredApiKey>> sharedLookup(String prefix) {
		return this.shared.get(prefix).onErrorResume((failure) -> {
			log.debug("Redis key cache unavailable for {}: {}", prefix, failure.toString());
			return Mono.empty();
		});
	}

	private Mono<Void> share(String prefix, Optional<StoredApiKey> found) {
		return found.map((key) -> this.shared.put(prefix, key)).orElseGet(() -> this.shared.putMiss(prefix));
	}

	private Optional<AuthenticatedKey> verify(ApiKeyCredentials credentials, Optional<StoredApiKey> stored) {
		if (stored.isEmpty()) {
			log.debug("Rejected API key with unknown prefix {}", credentials.prefix());
			return Optional.empty();
		}
		StoredApiKey key = stored.get();
		if (!SecretHash.matches(key.secretHash(), credentials.secret())) {
			log.info("Rejected API key {} (prefix {}): wrong secret", key.id(), credentials.prefix());
			return Optional.empty();
		}
		String reason = key.unusableReason(this.clock.instant());
		if (reason != null) {
			log.info("Rejected API key {} (prefix {}): {}", key.id(), credentials.prefix(), reason);
			return Optional.empty();
		}
		if (key.tenantSuspended()) {
			throw GatewayProblem.of(HttpStatus.FORBIDDEN, "TENANT_SUSPENDED",
					"The tenant of this API key is suspended");
		}
		return Optional.of(AuthenticatedKey.of(key));
	}

	/** The client failed too often and answering would need the database. */
	private static final class Refused extends RuntimeException {

		private final long retryAfterSeconds;

		Refused(long retryAfterSeconds) {
			super(null, null, false, false);
			this.retryAfterSeconds = retryAfterSeconds;
		}

	}

}
