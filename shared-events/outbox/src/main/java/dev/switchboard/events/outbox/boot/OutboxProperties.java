package dev.switchboard.events.outbox.boot;

import java.net.URI;
import java.time.Duration;

import dev.switchboard.events.outbox.RelaySettings;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * A service's transactional outbox and how its relay moves committed events to Kafka.
 *
 * @param batchSize most rows published per round trip to Kafka
 * @param pollInterval fallback poll for rows whose commit signal was missed (another
 * instance, a restart) or that are due for another attempt; also the pace of retries
 * while Kafka or PostgreSQL is unavailable
 * @param retention how long published rows are kept (for audit and diagnosis) before they
 * are deleted
 * @param maxAttempts attempts a row that fails by itself (too large, unreadable by this
 * version, refused by Kafka) gets before it is parked; rows behind it are not held up
 * @param retryBackoff delay before the second attempt of such a row, doubled for each
 * further attempt
 * @param maxRetryBackoff longest delay between two attempts of a row
 * @param table the outbox table in the service's schema, a lower-case SQL name
 * @param source the CloudEvents source of the service's events; by default
 * {@code urn:switchboard:<spring.application.name>}
 */
@Validated
@ConfigurationProperties("switchboard.outbox")
public record OutboxProperties(@DefaultValue("100") @Min(1) @Max(1000) int batchSize,
		@DefaultValue("1s") @NotNull Duration pollInterval, @DefaultValue("7d") @NotNull Duration retention,
		@DefaultValue("10") @Min(1) @Max(1000) int maxAttempts, @DefaultValue("1s") @NotNull Duration retryBackoff,
		@DefaultValue("5m") @NotNull Duration maxRetryBackoff,
		@DefaultValue("outbox") @NotNull @Pattern(regexp = "[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?") String table,
		URI source) {

	/** The relay's part of these settings. */
	public RelaySettings relay() {
		return new RelaySettings(this.batchSize, this.pollInterval, this.retention, this.maxAttempts, this.retryBackoff,
				this.maxRetryBackoff);
	}

	/** The configured source, else the one named after the application. */
	URI sourceOr(String applicationName) {
		return (this.source != null) ? this.source : URI.create("urn:switchboard:" + applicationName);
	}

}
