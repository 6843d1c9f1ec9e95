package dev.switchboard.messaging.messages.delivery;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach Meta's Graph API (timeouts and answer size also apply to CBB).
 *
 * @param graphBaseUrl base URL of the Graph API (a simulator locally)
 * @param apiVersion Graph API version in the path, e.g. {@code v23.0}
 * @param connectTimeout longest wait for a connection
 * @param responseTimeout longest wait for the answer once the request is sent; past it
 * the send outcome is unknown; also the longest a whole answer may take to arrive
 * @param maxAnswerSize the largest answer body read from Meta or CBB; a larger one is not
 * read (the send outcome is unknown)
 */
@Validated
@ConfigurationProperties("switchboard.meta")
public record MetaProperties(@DefaultValue("https://graph.facebook.com") @NotBlank String graphBaseUrl,
		@DefaultValue("v23.0") @NotBlank String apiVersion, @DefaultValue("2s") @NotNull Duration connectTimeout,
		@DefaultValue("10s") @NotNull Duration responseTimeout,
		@DefaultValue("256KB") @NotNull DataSize maxAnswerSize) {
}
