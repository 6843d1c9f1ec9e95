package dev.switchboard.orders.projection;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How {@code orders.events.v1} is applied to the read tables.
 *
 * @param eventsInFlightPerPartition events of one partition handed to the projector at
 * once (one order's events still one after the other); what is handed in at once is
 * applied in batches, so this also bounds how full a batch gets
 * @param batchSize events applied in one statement at most
 * @param batchLinger longest an event waits for others to join its batch
 * @param batchesInFlight batches applied at once
 */
@Validated
@ConfigurationProperties("switchboard.orders.projection")
public record ProjectionProperties(@DefaultValue("64") @Min(1) @Max(1024) int eventsInFlightPerPartition,
		@DefaultValue("500") @Min(1) @Max(5000) int batchSize, @DefaultValue("2ms") @NotNull Duration batchLinger,
		@DefaultValue("2") @Min(1) @Max(16) int batchesInFlight) {
}
