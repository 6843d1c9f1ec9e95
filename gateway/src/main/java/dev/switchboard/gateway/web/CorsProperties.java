package dev.switchboard.gateway.web;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Cross-origin access for browser callers; off while no origin is allowed.
 *
 * @param allowedOrigins origins allowed to call, e.g. {@code https://app.example.com}
 * (patterns like {@code https://*.example.com} allowed); empty = no CORS
 * @param allowedMethods methods allowed in cross-origin calls
 * @param allowedHeaders request headers allowed in cross-origin calls
 * @param exposedHeaders response headers browsers may read
 * @param maxAge how long browsers may cache a preflight answer
 */
@Validated
@ConfigurationProperties("switchboard.cors")
record CorsProperties(@DefaultValue List<String> allowedOrigins, @DefaultValue( {
		"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE" }) List<String> allowedMethods,
		@DefaultValue({ "Authorization", "X-API-Key", "Content-Type", "X-Request-Id", "X-Correlation-Id",
				"Idempotency-Key" }) List<String> allowedHeaders,
		@DefaultValue({ "X-Request-Id", "X-Correlation-Id", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset",
				"Retry-After" }) List<String> exposedHeaders,
		@DefaultValue("30m") @NotNull Duration maxAge){
}
