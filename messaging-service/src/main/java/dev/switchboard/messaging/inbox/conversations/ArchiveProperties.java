package dev.switchboard.messaging.inbox.conversations;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Archiving resolved conversations.
 *
 * @param after how long a conversation stays RESOLVED (a customer message reopens it)
 * before it is archived (then read-only: the customer's next message starts a new one)
 * @param interval how often every instance looks for conversations to archive
 * @param batchSize conversations archived per transaction
 */
@Validated
@ConfigurationProperties("switchboard.messaging.inbox.archive")
record ArchiveProperties(@DefaultValue("7d") @NotNull Duration after, @DefaultValue("10m") @NotNull Duration interval,
		@DefaultValue("500") @Min(1) @Max(10000) int batchSize) {
}
