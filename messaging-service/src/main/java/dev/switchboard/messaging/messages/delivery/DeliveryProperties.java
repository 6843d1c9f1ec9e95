package dev.switchboard.messaging.messages.delivery;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How messages reach their provider.
 *
 * @param maxAttempts most provider calls per message within {@link #attemptWindow}; then
 * the message fails
 * @param attemptWindow how long after acceptance a message may still be attempted
 * @param retryBackoff first wait before retrying a transient error (doubles per attempt,
 * with jitter)
 * @param retryJitter randomisation of the retry wait, 0..1
 * @param callTimeout time limiter of one provider call; past it the outcome is unknown
 * @param reconcileAfter how long a call with an unknown outcome waits for the provider's
 * evidence (a status naming the message) before it is decided: failed with "send outcome
 * unknown", never sent again, unless {@link #resendAfterSilence} is set
 * @param resendAfterSilence unset by default, and then a message is never sent twice.
 * When set, a call with an unknown outcome that no status named for this long (instead of
 * {@link #reconcileAfter}) is taken as not sent and attempted again, within
 * {@link #maxAttempts} and {@link #attemptWindow}. It must be longer than the longest
 * delay of Meta's statuses: Meta re-delivers webhooks it could not deliver for up to 7
 * days, and a stopped webhook receiver or status consumer holds them back too. The risk:
 * a message the provider did take, whose statuses all come later than this window (or, on
 * CBB, never come), is sent a second time
 * @param strandedAfter how long a message may stay accepted without any attempt pending
 * (no provider call open, no retry or postponement due, e.g. its send command was
 * dead-lettered or lost with an instance) before the scheduler sends it, or fails it with
 * the reason it cannot be sent; longer than the usual send-command backlog
 * @param schedulerInterval how often due retries, unknown outcomes and stranded messages
 * are looked at
 * @param breakerFailureRate failure rate (percent) of a channel's calls that opens its
 * circuit breaker
 * @param breakerWindow calls the failure rate is measured over
 * @param breakerOpenFor how long an open breaker rejects calls before probing
 * @param sendsInFlightPerPartition send commands of one partition handled at once (the
 * tier's pacing needs several waiting for their slot); one recipient's stay in order
 */
@Validated
@ConfigurationProperties("switchboard.messaging.delivery")
public record DeliveryProperties(@DefaultValue("3") @Min(1) @Max(10) int maxAttempts,
		@DefaultValue("24h") @NotNull Duration attemptWindow, @DefaultValue("1s") @NotNull Duration retryBackoff,
		@DefaultValue("0.5") double retryJitter, @DefaultValue("10s") @NotNull Duration callTimeout,
		@DefaultValue("2m") @NotNull Duration reconcileAfter, Duration resendAfterSilence,
		@DefaultValue("10m") @NotNull Duration strandedAfter,
		@DefaultValue("500ms") @NotNull Duration schedulerInterval, @DefaultValue("50") int breakerFailureRate,
		@DefaultValue("20") @Min(2) int breakerWindow, @DefaultValue("10s") @NotNull Duration breakerOpenFor,
		@DefaultValue("32") @Min(1) @Max(512) int sendsInFlightPerPartition) {

	/** Whether a silent unknown outcome is ever attempted again. */
	public boolean resendsAfterSilence() {
		return this.resendAfterSilence != null;
	}

	/** How long an unknown outcome waits for a status before it is decided. */
	public Duration unknownOutcomeWindow() {
		return resendsAfterSilence() ? this.resendAfterSilence : this.reconcileAfter;
	}

}
