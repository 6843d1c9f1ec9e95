package dev.switchboard.events.messaging;

import java.util.Map;

/**
 * Asks the messaging service to send one message.
 *
 * @param messageId platform message id
 * @param channelId channel to send through
 * @param phoneNumberId business phone number id of the channel, may be null for CBB
 * @param to recipient wa_id (or BSUID), or E.164 phone for CBB
 * @param type message type: {@code text}, {@code template}, {@code image},
 * {@code document}, {@code video}, {@code audio}, {@code interactive}, {@code reaction}
 * @param text text body for {@code text}, may be null otherwise
 * @param idempotencyKey caller's idempotency key, may be null
 * @param content the Graph API object of the type (e.g. the {@code template} object with
 * name, language and components), may be null for {@code text}
 * @param replyTo wamid this message replies to ({@code context.message_id}), may be null
 */
public record SendMessageCommand(String messageId, String channelId, String phoneNumberId, String to, String type,
		String text, String idempotencyKey, Map<String, Object> content, String replyTo) {

	/** A text message command. */
	public SendMessageCommand(String messageId, String channelId, String phoneNumberId, String to, String type,
			String text, String idempotencyKey) {
		this(messageId, channelId, phoneNumberId, to, type, text, idempotencyKey, null, null);
	}

}
