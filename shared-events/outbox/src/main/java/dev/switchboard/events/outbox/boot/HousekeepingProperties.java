package dev.switchboard.events.outbox.boot;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a service deletes rows past their retention.
 *
 * @param enabled whether the service purges at all
 * @param interval time between two runs
 * @param batchSize most rows one delete statement removes
 * @param inboxRetention how long a consumer group's processed event ids are kept, for
 * services that purge their inbox; longer than the retention of every topic they consume
 * with the inbox (30 days at most), so that a replay from the earliest offset still finds
 * every id
 */
@Validated
@ConfigurationProperties("switchboard.housekeeping")
public record HousekeepingProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("10m") @NotNull Duration interval, @DefaultValue("1000") @Min(1) @Max(10000) int batchSize,
		@DefaultValue("35d") @NotNull Duration inboxRetention) {
}
