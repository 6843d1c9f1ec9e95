package dev.switchboard.events.messaging;

/**
 * Asks the messaging service to send one message.
 *
 * @param messageId platform message id
 * @param channelId channel to send through
 * @param phoneNumberId business phone number id of the channel
 * @param to recipient wa_id (or BSUID)
 * @param type message type, {@code text} for now
 * @param text text body
 * @param idempotencyKey caller's idempotency key, may be null
 */
public record SendMessageCommand(String messageId, String channelId, String phoneNumberId, String to, String type,
		String text, String idempotencyKey) {
}
