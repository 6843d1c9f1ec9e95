package dev.switchboard.messaging.inbox.receipts;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * WhatsApp read receipts sent when the assignee reads a conversation (Meta channels).
 *
 * @param enabled whether the assignee's reads are marked read at Meta (off: nothing is
 * recorded or sent)
 * @param interval how often every instance looks for receipts to send
 * @param batchSize receipts claimed at most per statement and instance
 * @param callsInFlight mark-as-read calls under way at once per instance
 * @param callTimeout longest wait for Meta's answer to one call (then tried again); a
 * claimed receipt is held for twice this plus 5 s
 * @param retryBackoff wait before the second attempt, doubled for each further one
 * @param maxRetryBackoff the longest wait between attempts
 * @param giveUpAfter a receipt not sent this long after the read is given up (the
 * customer sees the ticks late or not at all, never stale ones much later)
 * @param retention how long sent and given-up receipts are kept (housekeeping); a message
 * recorded longer ago than this is no longer marked, so a receipt is never sent twice
 */
@Validated
@ConfigurationProperties("switchboard.messaging.inbox.read-receipts")
record ReadReceiptProperties(@DefaultValue("false") boolean enabled, @DefaultValue("1s") @NotNull Duration interval,
		@DefaultValue("100") @Min(1) @Max(10000) int batchSize, @DefaultValue("8") @Min(1) @Max(256) int callsInFlight,
		@DefaultValue("5s") @NotNull Duration callTimeout, @DefaultValue("2s") @NotNull Duration retryBackoff,
		@DefaultValue("1m") @NotNull Duration maxRetryBackoff, @DefaultValue("15m") @NotNull Duration giveUpAfter,
		@DefaultValue("7d") @NotNull Duration retention) {

	ReadReceiptProperties {
		for (Duration duration : new Duration[] { interval, callTimeout, retryBackoff, maxRetryBackoff, giveUpAfter,
				retention }) {
			if (duration != null && (duration.isNegative() || duration.isZero())) {
				throw new IllegalArgumentException("read-receipts durations must be positive: " + duration);
			}
		}
		if (giveUpAfter != null && retention != null && retention.compareTo(giveUpAfter) < 0) {
			throw new IllegalArgumentException("read-receipts retention must be at least give-up-after");
		}
	}

	/** How long a claimed receipt is held for the call under way. */
	Duration claim() {
		return this.callTimeout.multipliedBy(2).plusSeconds(5);
	}

	/** The wait before the attempt after the given number of attempts. */
	Duration backoff(int attempts) {
		Duration wait = this.retryBackoff.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
		return (wait.compareTo(this.maxRetryBackoff) > 0) ? this.maxRetryBackoff : wait;
	}

}
