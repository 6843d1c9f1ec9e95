package dev.switchboard.events.messaging;

import java.time.Instant;

/**
 * An outbound message moved to a new status.
 *
 * @param messageId platform message id
 * @param wamid WhatsApp message id, null before the provider accepted it
 * @param channelId channel it was sent through
 * @param to recipient
 * @param status new status, e.g. accepted, sent, delivered, read, failed
 * @param at when the status was reached
 * @param errorCode provider error code of a failure, may be null
 * @param errorTitle provider error title of a failure, may be null
 */
public record MessageStatusChanged(String messageId, String wamid, String channelId, String to, String status,
		Instant at, Integer errorCode, String errorTitle) {
}
