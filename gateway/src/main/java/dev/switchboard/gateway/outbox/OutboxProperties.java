package dev.switchboard.gateway.outbox;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the outbox relay moves committed events to Kafka.
 *
 * @param batchSize most rows published per round trip to Kafka
 * @param pollInterval fallback poll for rows whose commit signal was missed (another
 * instance, a restart)
 * @param retention how long published rows are kept (for audit and diagnosis) before they
 * are deleted
 */
@Validated
@ConfigurationProperties("switchboard.gateway.outbox")
public record OutboxProperties(@DefaultValue("100") @Min(1) @Max(1000) int batchSize,
		@DefaultValue("1s") @NotNull Duration pollInterval, @DefaultValue("7d") @NotNull Duration retention) {
}
