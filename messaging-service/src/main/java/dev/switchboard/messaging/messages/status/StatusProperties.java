package dev.switchboard.messaging.messages.status;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How statuses find their messages.
 *
 * @param recipientMatchWindow how far before a status a message sent without a wamid
 * (CBB) may have been accepted to be matched to it by channel and recipient
 * @param foldsInFlightPerPartition statuses of one partition folded at once; one
 * recipient's (the record key) stay in order. Default 1, the long-proven path; 8 passes
 * every test (see docs/benchmarks.md for what it gains)
 */
@Validated
@ConfigurationProperties("switchboard.messaging.statuses")
public record StatusProperties(@DefaultValue("5m") @NotNull Duration recipientMatchWindow,
		@DefaultValue("1") @Min(1) @Max(64) int foldsInFlightPerPartition) {
}
