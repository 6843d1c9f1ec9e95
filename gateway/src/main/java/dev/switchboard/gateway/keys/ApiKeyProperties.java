package dev.switchboard.gateway.keys;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How API keys are looked up and their use recorded.
 *
 * @param cacheTtl how long a replica reuses a key lookup in memory; also the longest time
 * a revoked key keeps working there when the invalidation message is missed (keep it
 * under 5 s)
 * @param cacheMaximumSize how many key lookups are kept at most
 * @param redisCacheTtl how long a lookup shared in Redis lives; entries are deleted on
 * every change, this bounds a missed delete
 * @param redisTimeout how long a Redis read or write may take before the database is
 * asked instead
 * @param lookupTimeout how long a whole key lookup (Redis, then the database) may take;
 * concurrent requests with the same key share one lookup, so it must end: past this time
 * it fails (503, retryable) and the next request looks the key up again
 * @param lastUsedInterval how often at most {@code last_used_at} is written per key
 * @param lastUsedMaxInFlight how many {@code last_used_at} writes may run at once; more
 * are skipped rather than queued
 */
@Validated
@ConfigurationProperties("switchboard.api-keys")
record ApiKeyProperties(@DefaultValue("3s") @NotNull Duration cacheTtl,
		@DefaultValue("10000") @Min(1) long cacheMaximumSize, @DefaultValue("60s") @NotNull Duration redisCacheTtl,
		@DefaultValue("250ms") @NotNull Duration redisTimeout, @DefaultValue("5s") @NotNull Duration lookupTimeout,
		@DefaultValue("1m") @NotNull Duration lastUsedInterval, @DefaultValue("8") @Min(1) int lastUsedMaxInFlight) {

}
