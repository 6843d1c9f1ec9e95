package dev.switchboard.gateway.resilience;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The circuit breaker each route gets.
 *
 * @param enabled whether routes have breakers
 * @param failureRateThreshold percentage of failed calls (unreachable, timed out, 5xx)
 * that opens the breaker
 * @param slidingWindowSize how many recent calls the rate is computed over
 * @param minimumCalls calls needed before the rate counts
 * @param waitInOpen how long an open breaker refuses calls before letting a few through
 * @param permittedCallsInHalfOpen calls let through to test a recovering service
 */
@Validated
@ConfigurationProperties("switchboard.circuit-breaker")
record BreakerProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("50") @Min(1) @Max(100) float failureRateThreshold,
		@DefaultValue("20") @Min(1) int slidingWindowSize, @DefaultValue("10") @Min(1) int minimumCalls,
		@DefaultValue("10s") @NotNull Duration waitInOpen, @DefaultValue("3") @Min(1) int permittedCallsInHalfOpen) {
}
