package dev.switchboard.gateway.limits;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Rate limits per API key and per tenant, several windows at once.
 *
 * @param enabled whether requests are limited at all
 * @param plans windows per plan name; a tenant's plan picks them, a key may override its
 * own windows
 * @param defaultPlan the plan used when a tenant's plan is not configured
 * @param redisTimeout how long one check may wait for Redis before the fallback applies
 * @param fallback what happens while Redis is unreachable: {@code LOCAL} limits per
 * replica in memory, {@code FAIL_CLOSED} refuses requests with 503
 * @param probeInterval while Redis is unreachable, how often a request tries it again
 * (the others go straight to the fallback)
 */
@Validated
@ConfigurationProperties("switchboard.rate-limits")
public record RateLimitProperties(@DefaultValue("true") boolean enabled, @NotEmpty Map<String, Plan> plans,
		@DefaultValue("standard") String defaultPlan, @DefaultValue("250ms") @NotNull Duration redisTimeout,
		@DefaultValue("LOCAL") @NotNull Fallback fallback, @DefaultValue("1s") @NotNull Duration probeInterval) {

	public RateLimitProperties {
		if (plans != null && !plans.containsKey(defaultPlan)) {
			throw new IllegalArgumentException(
					"switchboard.rate-limits.plans must define the default plan '" + defaultPlan + "'");
		}
		if (plans != null) {
			// Fails start-up on a malformed window, with the offending text.
			plans.values().forEach((plan) -> {
				RateWindow.parseAll(plan.key());
				RateWindow.parseAll(plan.tenant());
			});
		}
	}

	/**
	 * What to do while Redis is unreachable.
	 */
	public enum Fallback {

		/** Limit in this replica's memory with the same windows. */
		LOCAL,

		/** Refuse requests (503) until Redis answers again. */
		FAIL_CLOSED

	}

	/**
	 * The windows of one plan.
	 *
	 * @param key windows each API key gets, e.g. {@code [50/1s, 3000/1m, 1000000/1d]}
	 * @param tenant windows all keys of a tenant share
	 */
	public record Plan(@NotNull List<String> key, @NotNull List<String> tenant) {
	}

}
