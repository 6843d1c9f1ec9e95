package dev.switchboard.messaging.messages.status.fold;

import java.time.Instant;
import java.util.Objects;

/**
 * One reported status of a message.
 *
 * @param status the status
 * @param at when it happened
 * @param error why, for {@code failed}; null otherwise
 * @param pricing pricing and conversation reported with it, may be null
 */
public record StatusUpdate(MessageStatus status, Instant at, StatusError error, Pricing pricing) {

	public StatusUpdate {
		Objects.requireNonNull(status, "status");
		Objects.requireNonNull(at, "at");
	}

	public StatusUpdate(MessageStatus status, Instant at, StatusError error) {
		this(status, at, error, null);
	}

	public static StatusUpdate of(MessageStatus status, Instant at) {
		return new StatusUpdate(status, at, null, null);
	}

	public static StatusUpdate failed(Instant at, StatusError error) {
		return new StatusUpdate(MessageStatus.FAILED, at, error, null);
	}

}
