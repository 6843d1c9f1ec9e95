package dev.switchboard.workflows.steps;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of {@code http_call} steps ({@code switchboard.workflows.http.*}); which URLs
 * they may call is the outbound URL policy's ({@code switchboard.outbound.*}).
 *
 * @param timeout longest wait for a whole answer (a step may ask for less)
 * @param maxResponseBytes largest answer body read; a larger one fails the attempt
 */
@Validated
@ConfigurationProperties("switchboard.workflows.http")
record HttpStepProperties(@NotNull Duration timeout, @Min(1) @Max(10_485_760) int maxResponseBytes) {

	HttpStepProperties {
		timeout = (timeout != null) ? timeout : Duration.ofSeconds(10);
		maxResponseBytes = (maxResponseBytes > 0) ? maxResponseBytes : 65_536;
	}

}
