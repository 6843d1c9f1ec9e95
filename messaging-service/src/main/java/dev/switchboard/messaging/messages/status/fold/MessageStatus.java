package dev.switchboard.messaging.messages.status.fold;

import java.util.Locale;
import java.util.Optional;

/**
 * The delivery status of an outbound message, ranked: a message only ever moves to a
 * higher rank. {@code failed} outranks {@code accepted} and {@code sent} (the message
 * will not arrive) but not {@code delivered}, {@code read} or {@code played} (it did
 * arrive).
 */
public enum MessageStatus {

	/** Stored by the platform, not yet confirmed sent by WhatsApp. */
	ACCEPTED(0),

	/** WhatsApp sent it. */
	SENT(1),

	/** It will not arrive; the error says why. */
	FAILED(2),

	/** It reached the recipient's device. */
	DELIVERED(3),

	/** The recipient read it. */
	READ(4),

	/** The recipient played it (voice messages). */
	PLAYED(5);

	private final int rank;

	MessageStatus(int rank) {
		this.rank = rank;
	}

	/** The wire and storage name, e.g. {@code delivered}. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	boolean outranks(MessageStatus other) {
		return this.rank > other.rank;
	}

	/** The status of a name, empty for names this version does not know. */
	public static Optional<MessageStatus> parse(String value) {
		if (value == null) {
			return Optional.empty();
		}
		for (MessageStatus status : values()) {
			if (status.value().equals(value.toLowerCase(Locale.ROOT))) {
				return Optional.of(status);
			}
		}
		return Optional.empty();
	}

}
