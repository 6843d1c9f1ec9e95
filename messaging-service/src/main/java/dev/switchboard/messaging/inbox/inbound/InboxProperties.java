package dev.switchboard.messaging.inbox.inbound;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The inbox's inbound consumer.
 *
 * @param contactsInFlightPerPartition inbound messages of one partition handed in at once
 * (those of one contact, by Kafka key, always one after the other); what is handed in at
 * once is stored in batches, so this bounds how full a batch can get
 * @param batchSize inbound messages stored in one transaction at most
 * @param batchLinger how long the first message waiting for a batch waits for more before
 * its batch is stored anyway (longer when every batch slot is busy); 0 stores whatever
 * waits as soon as a slot is free
 * @param batchesInFlight batches stored at once, each in a transaction of its own
 * @param singleStoresInFlight messages of a batch stored at once in transactions of their
 * own (those that cannot be stored set-based: new contacts, reactions, system
 * messages...); each holds a database connection while it runs
 */
@Validated
@ConfigurationProperties("switchboard.messaging.inbox")
record InboxProperties(@DefaultValue("32") @Min(1) @Max(256) int contactsInFlightPerPartition,
		@DefaultValue("100") @Min(1) @Max(1000) int batchSize, @DefaultValue("2ms") @NotNull Duration batchLinger,
		@DefaultValue("2") @Min(1) @Max(16) int batchesInFlight,
		@DefaultValue("100000") @Min(0) @Max(10_000_000) int knownSenders) {
}
