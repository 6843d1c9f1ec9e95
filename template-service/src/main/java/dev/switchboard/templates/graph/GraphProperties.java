package dev.switchboard.templates.graph;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How template calls reach Meta's Graph API.
 *
 * @param baseUrl base URL of the Graph API (the simulator locally); {@code paging.next}
 * is followed only when it points here
 * @param apiVersion Graph API version in the path, e.g. {@code v23.0}
 * @param pageSize templates asked for per page ({@code limit}); Meta's default is 25, and
 * every page counts against the WABA's hourly call budget
 * @param connectTimeout longest wait for a connection
 * @param responseTimeout longest wait for a whole answer
 * @param maxAnswerSize the largest answer read (a page of templates with their
 * components)
 * @param retries further attempts of a page that failed with a rate limit (80007, 80008,
 * 4, 130429, HTTP 429), a 5xx or a transport failure
 * @param retryBackoff wait before the first further attempt, doubled each time
 * @param maxRetryBackoff longest wait between two attempts
 * @param callsPerWabaPerHour Graph calls made per WABA per clock hour across all replicas
 * (pages, their further attempts, submissions, deletions); Meta's base budget is 200 an
 * hour (more for WABAs with an active number), shared with other apps of the WABA
 */
@Validated
@ConfigurationProperties("switchboard.templates.graph")
public record GraphProperties(@DefaultValue("https://graph.facebook.com") @NotBlank String baseUrl,
		@DefaultValue("v23.0") @NotBlank String apiVersion, @DefaultValue("100") @Min(1) @Max(1000) int pageSize,
		@DefaultValue("2s") @NotNull Duration connectTimeout, @DefaultValue("20s") @NotNull Duration responseTimeout,
		@DefaultValue("8MB") @NotNull DataSize maxAnswerSize, @DefaultValue("5") @Min(0) @Max(20) int retries,
		@DefaultValue("2s") @NotNull Duration retryBackoff, @DefaultValue("1m") @NotNull Duration maxRetryBackoff,
		@DefaultValue("200") @Min(1) int callsPerWabaPerHour) {
}
