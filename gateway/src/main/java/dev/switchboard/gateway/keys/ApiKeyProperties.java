package dev.switchboard.gateway.keys;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.switchboard.gateway.limits.RateWindow;

/**
 * How API keys are looked up, how failed attempts are limited, and how key use is
 * recorded.
 *
 * @param cacheTtl how long a replica reuses a key lookup in memory, found or not; also
 * the longest time a revoked key keeps working there when the invalidation message is
 * missed (keep it under 5 s)
 * @param cacheMaximumSize how many key lookups are kept at most
 * @param redisCacheTtl how long a lookup shared in Redis lives; entries are deleted on
 * every change, this bounds a missed delete
 * @param missTtl how long Redis remembers that no key has a prefix, so that a repeated
 * unknown key costs no database query; issuing a key with that prefix deletes the entry
 * on every replica, this bounds a missed delete
 * @param failureLimit how many failed authentications (unknown, wrong, revoked or expired
 * key) one client address may have per window, e.g. {@code [20/1m]}; past it the
 * address's keys that are not already cached are answered 429 without a database query,
 * while a valid key already cached keeps working; empty turns the limit off
 * @param trustedProxies addresses or CIDR ranges of reverse proxies whose
 * {@code X-Forwarded-For} names the client; from any other peer the header is ignored and
 * the TCP peer address is the client
 * @param redisTimeout how long a Redis read or write may take before the database is
 * asked instead
 * @param lookupTimeout how long a whole key lookup (Redis, then the database) may take;
 * concurrent requests with the same key share one lookup, so it must end: past this time
 * it fails (503, retryable) and the next request looks the key up again
 * @param lastUsedInterval how often at most {@code last_used_at} is written per key
 * @param lastUsedMaxInFlight how many {@code last_used_at} writes may run at once; more
 * are skipped rather than queued
 * @param outageGrace how long a key that authenticated on this replica keeps working from
 * its memory while the key cannot be looked up (PostgreSQL down, Redis without the
 * entry); revocations and suspensions still win, they are published to every replica;
 * zero turns it off
 */
@Validated
@ConfigurationProperties("switchboard.api-keys")
record ApiKeyProperties(@DefaultValue("3s") @NotNull Duration cacheTtl,
		@DefaultValue("10000") @Min(1) long cacheMaximumSize, @DefaultValue("60s") @NotNull Duration redisCacheTtl,
		@DefaultValue("30s") @NotNull Duration missTtl, @DefaultValue("20/1m") List<String> failureLimit,
		@DefaultValue List<String> trustedProxies, @DefaultValue("250ms") @NotNull Duration redisTimeout,
		@DefaultValue("5s") @NotNull Duration lookupTimeout, @DefaultValue("1m") @NotNull Duration lastUsedInterval,
		@DefaultValue("8") @Min(1) int lastUsedMaxInFlight, @DefaultValue("15m") @NotNull Duration outageGrace) {

	ApiKeyProperties {
		failureLimit = (failureLimit != null) ? List.copyOf(failureLimit) : List.of();
		trustedProxies = (trustedProxies != null) ? List.copyOf(trustedProxies) : List.of();
		// Fails start-up on a malformed window or proxy, with the offending text.
		RateWindow.parseAll(failureLimit);
		ClientAddresses.parseAll(trustedProxies);
	}

	/** The failure limit's windows. */
	List<RateWindow> failureWindows() {
		return RateWindow.parseAll(this.failureLimit);
	}

}
