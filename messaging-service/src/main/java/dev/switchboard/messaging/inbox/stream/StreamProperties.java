package dev.switchboard.messaging.inbox.stream;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The conversation streams (Server-Sent Events) and the change log they are served from.
 *
 * @param pollInterval how often every instance reads new changes from the change log (the
 * delay a change reaches a stream with, at most)
 * @param batchSize changes read at most per read (more are read at once, in order)
 * @param heartbeat how often an idle stream gets a comment, below any proxy's idle
 * timeout (the gateway's response timeout is 15 s)
 * @param buffer changes held at most per subscriber (rounded up to a power of two); a
 * client that falls further behind is dropped (event {@code dropped}, reason
 * {@code SLOW_CONSUMER})
 * @param retention how long changes are kept for reconnecting clients
 * ({@code Last-Event-ID}); an older id gets the event {@code reset}
 * @param maxReplay missed changes replayed at most on a reconnect; more get {@code reset}
 * @param pruneInterval how often every instance deletes changes older than the retention
 */
@Validated
@ConfigurationProperties("switchboard.messaging.inbox.stream")
record StreamProperties(@DefaultValue("250ms") @NotNull Duration pollInterval,
		@DefaultValue("500") @Min(1) @Max(10000) int batchSize, @DefaultValue("10s") @NotNull Duration heartbeat,
		@DefaultValue("256") @Min(1) @Max(100000) int buffer, @DefaultValue("1h") @NotNull Duration retention,
		@DefaultValue("1000") @Min(1) @Max(100000) int maxReplay, @DefaultValue("1m") @NotNull Duration pruneInterval) {
}
