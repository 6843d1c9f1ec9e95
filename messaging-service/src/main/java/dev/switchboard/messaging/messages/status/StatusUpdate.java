package dev.switchboard.messaging.messages.status;

import java.time.Instant;
import java.util.Objects;

/**
 * One reported status of a message.
 *
 * @param status the status
 * @param at when it happened
 * @param error why, for {@code failed}; null otherwise
 */
public record StatusUpdate(MessageStatus status, Instant at, StatusError error) {

	public StatusUpdate {
		Objects.requireNonNull(status, "status");
		Objects.requireNonNull(at, "at");
	}

	public static StatusUpdate of(MessageStatus status, Instant at) {
		return new StatusUpdate(status, at, null);
	}

	public static StatusUpdate failed(Instant at, StatusError error) {
		return new StatusUpdate(MessageStatus.FAILED, at, error);
	}

}
