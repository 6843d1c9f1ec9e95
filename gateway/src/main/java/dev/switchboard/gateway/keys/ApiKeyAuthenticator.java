package dev.switchboard.gateway.keys;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import dev.switchboard.gateway.web.GatewayProblem;

/**
 * Checks presented API keys against the stored ones: secret hash (constant time),
 * revocation, expiry and tenant status. A lookup goes memory (a few seconds) → Redis
 * (shared by the replicas) → PostgreSQL; changes delete the Redis entry and tell every
 * replica to forget its copy.
 */
@Component
class ApiKeyAuthenticator {

	private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticator.class);

	private final ApiKeyStore store;

	private final ApiKeyRedisCache shared;

	private final Clock clock;

	private final Duration lookupTimeout;

	private final AsyncCache<String, Optional<StoredApiKey>> lookups;

	@Autowired
	ApiKeyAuthenticator(ApiKeyStore store, ApiKeyRedisCache shared, ApiKeyProperties properties) {
		this(store, shared, properties, Clock.systemUTC());
	}

	ApiKeyAuthenticator(ApiKeyStore store, ApiKeyRedisCache shared, ApiKeyProperties properties, Clock clock) {
		this.store = store;
		this.shared = shared;
		this.clock = clock;
		this.lookupTimeout = properties.lookupTimeout();
		// Caffeine drops a lookup that failed, so a database outage is not cached.
		this.lookups = Caffeine.newBuilder()
			.expireAfterWrite(properties.cacheTtl())
			.maximumSize(properties.cacheMaximumSize())
			.buildAsync();
	}

	/**
	 * Authenticates a presented key.
	 * @param credentials the parsed key
	 * @return the authenticated key, or empty when the key is unknown, wrong, revoked or
	 * expired; a 403 problem when its tenant is suspended
	 */
	Mono<AuthenticatedKey> authenticate(ApiKeyCredentials credentials) {
		// The lookup is shared by concurrent callers: one caller cancelling must not
		// cancel it. Caffeine never expires a lookup still running, so one that never
		// ended would leave every request with this key unanswered: it is bounded.
		return Mono.fromFuture(() -> this.lookups.get(credentials.prefix(),
				(prefix, executor) -> lookup(prefix).map(Optional::of)
					.defaultIfEmpty(Optional.empty())
					.timeout(this.lookupTimeout)
					.toFuture()),
				true)
			.flatMap((stored) -> Mono.justOrEmpty(verify(credentials, stored)));
	}

	/** Forgets this replica's copies of the keys. */
	void forget(Collection<String> prefixes) {
		this.lookups.synchronous().invalidateAll(prefixes);
	}

	private Mono<StoredApiKey> lookup(String prefix) {
		Mono<StoredApiKey> fromDatabase = Mono.defer(() -> this.store.findByPrefix(prefix))
			.flatMap((key) -> this.shared.put(prefix, key).onErrorResume((failure) -> {
				log.debug("Could not share key lookup {} in Redis: {}", prefix, failure.toString());
				return Mono.empty();
			}).thenReturn(key));
		return this.shared.get(prefix).onErrorResume((failure) -> {
			log.debug("Redis key cache unavailable for {}: {}", prefix, failure.toString());
			return Mono.empty();
		}).switchIfEmpty(fromDatabase);
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

}
