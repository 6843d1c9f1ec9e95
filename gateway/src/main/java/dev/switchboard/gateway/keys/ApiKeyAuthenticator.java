package dev.switchboard.gateway.keys;

import java.time.Clock;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Checks presented API keys against the stored ones: secret hash (constant time),
 * revocation, expiry and tenant status. Lookups by prefix, found or not, are reused for a
 * few seconds so that a busy key does not cost a database round trip per request.
 */
@Component
class ApiKeyAuthenticator {

	private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticator.class);

	private final ApiKeyStore store;

	private final Clock clock;

	private final AsyncCache<String, Optional<StoredApiKey>> lookups;

	@Autowired
	ApiKeyAuthenticator(ApiKeyStore store, ApiKeyProperties properties) {
		this(store, properties, Clock.systemUTC());
	}

	ApiKeyAuthenticator(ApiKeyStore store, ApiKeyProperties properties, Clock clock) {
		this.store = store;
		this.clock = clock;
		// Caffeine drops a lookup that failed, so a database outage is not cached.
		this.lookups = Caffeine.newBuilder()
			.expireAfterWrite(properties.cacheTtl())
			.maximumSize(properties.cacheMaximumSize())
			.buildAsync();
	}

	/**
	 * Authenticates a presented key.
	 * @param credentials the parsed key
	 * @return the authenticated key, or empty when the key is unknown, wrong, revoked,
	 * expired or its tenant is not active
	 */
	Mono<AuthenticatedKey> authenticate(ApiKeyCredentials credentials) {
		// The lookup is shared by concurrent callers: one caller cancelling must not
		// cancel it.
		return Mono.fromFuture(() -> this.lookups.get(credentials.prefix(),
				(prefix, executor) -> this.store.findByPrefix(prefix)
					.map(Optional::of)
					.defaultIfEmpty(Optional.empty())
					.toFuture()),
				true)
			.flatMap((stored) -> Mono.justOrEmpty(verify(credentials, stored)));
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
		return Optional.of(new AuthenticatedKey(key.id(), key.tenantId(), key.scopes()));
	}

}
