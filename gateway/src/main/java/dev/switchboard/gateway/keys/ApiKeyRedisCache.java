package dev.switchboard.gateway.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.switchboard.events.EventJson;
import dev.switchboard.gateway.limits.RateWindow;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Key lookups shared by every gateway replica in Redis, so that a replica's cold
 * in-process cache costs a Redis read rather than a database query. Entries are deleted
 * when a key or its tenant changes; their time to live bounds staleness when a delete is
 * missed (Redis was down at that moment).
 */
@Component
class ApiKeyRedisCache {

	private static final String PREFIX = "gw:key:";

	private final ReactiveStringRedisTemplate redis;

	private final Duration ttl;

	private final Duration timeout;

	ApiKeyRedisCache(ReactiveStringRedisTemplate redis, ApiKeyProperties properties) {
		this.redis = redis;
		this.ttl = properties.redisCacheTtl();
		this.timeout = properties.redisTimeout();
	}

	Mono<StoredApiKey> get(String prefix) {
		return this.redis.opsForValue()
			.get(PREFIX + prefix)
			.timeout(this.timeout)
			.map((json) -> EventJson.mapper().readValue(json, Entry.class).toKey());
	}

	Mono<Void> put(String prefix, StoredApiKey key) {
		return this.redis.opsForValue()
			.set(PREFIX + prefix, EventJson.mapper().writeValueAsString(Entry.of(key)), this.ttl)
			.timeout(this.timeout)
			.then();
	}

	Mono<Void> delete(Collection<String> prefixes) {
		if (prefixes.isEmpty()) {
			return Mono.empty();
		}
		return this.redis.delete(prefixes.stream().map((prefix) -> PREFIX + prefix).toArray(String[]::new))
			.timeout(this.timeout)
			.then();
	}

	/**
	 * The stored form: plain values only.
	 */
	record Entry(UUID id, String tenantId, String kind, byte[] secretHash, Set<String> scopes, Instant expiresAt,
			Instant revokedAt, String tenantStatus, String plan, List<String> rateLimits) {

		static Entry of(StoredApiKey key) {
			return new Entry(key.id(), key.tenantId(), key.kind(), key.secretHash(), key.scopes(), key.expiresAt(),
					key.revokedAt(), key.tenantStatus(), key.plan(),
					key.rateLimits().stream().map(RateWindow::spec).toList());
		}

		StoredApiKey toKey() {
			return new StoredApiKey(this.id, this.tenantId, this.kind, this.secretHash,
					(this.scopes != null) ? this.scopes : Set.of(), this.expiresAt, this.revokedAt, this.tenantStatus,
					this.plan, (this.rateLimits != null) ? RateWindow.parseAll(this.rateLimits) : List.of());
		}

	}

}
