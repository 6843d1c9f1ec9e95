package dev.switchboard.messaging.messages.status;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How statuses find their messages, and how many are folded at once.
 *
 * @param recipientMatchWindow how far before a status a message sent without a wamid
 * (CBB) may have been accepted to be matched to it by channel and recipient
 * @param foldsInFlightPerPartition statuses of one partition handed to the fold at once;
 * one recipient's (the record key) stay in order. What is handed in at once is folded in
 * batches, so this bounds how full a batch can get; the default lets batches fill in a
 * backlog
 * @param batchSize statuses folded in one transaction at most
 * @param batchLinger how long the first status waiting for a batch waits for more before
 * its batch is folded anyway (longer when every batch slot is busy); 0 folds whatever
 * waits as soon as a slot is free. The default makes batches larger (less CPU per status)
 * without folding fewer statuses per second
 * @param batchesInFlight batches folded at once, each in a transaction of its own
 */
@Validated
@ConfigurationProperties("switchboard.messaging.statuses")
public record StatusProperties(@DefaultValue("5m") @NotNull Duration recipientMatchWindow,
		@DefaultValue("32") @Min(1) @Max(64) int foldsInFlightPerPartition,
		@DefaultValue("200") @Min(1) @Max(1000) int batchSize, @DefaultValue("2ms") @NotNull Duration batchLinger,
		@DefaultValue("2") @Min(1) @Max(16) int batchesInFlight) {
}
