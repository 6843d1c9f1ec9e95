package dev.switchboard.messaging.inbox.conversations;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Handing queued conversations to the queues' online members.
 *
 * @param enabled whether this instance runs the sweep
 * @param interval how often every instance sweeps the queued backlog (an agent coming
 * online or freeing capacity is served within it)
 * @param batchSize assignments at most per sweep and instance (each its own transaction)
 */
@Validated
@ConfigurationProperties("switchboard.messaging.inbox.auto-assign")
record AutoAssignProperties(@DefaultValue("true") boolean enabled, @DefaultValue("2s") @NotNull Duration interval,
		@DefaultValue("200") @Min(1) @Max(10000) int batchSize) {
}
