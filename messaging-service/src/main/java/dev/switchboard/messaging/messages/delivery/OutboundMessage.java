package dev.switchboard.messaging.messages.delivery;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.messaging.channels.Channel;

/**
 * A message on its way to the provider.
 *
 * @param channel the channel to send through (with its credentials)
 * @param id platform message id, sent as {@code biz_opaque_callback_data} so that Meta's
 * statuses name it even when the send answer got lost
 * @param to recipient in E.164
 * @param type message type
 * @param content the Graph API object of the type
 * @param replyTo wamid replied to, may be null
 */
public record OutboundMessage(Channel channel, UUID id, String to, String type, Map<String, Object> content,
		String replyTo) {

	/** The prefix of the callback data naming a platform message. */
	public static final String CALLBACK_PREFIX = "sb:";

	/** The Cloud API message object: {@code messaging_product}, {@code to}, type... */
	Map<String, Object> graphObject() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("messaging_product", "whatsapp");
		body.put("recipient_type", "individual");
		body.put("to", this.to);
		body.put("type", this.type);
		body.put(this.type, this.content);
		if (this.replyTo != null) {
			body.put("context", Map.of("message_id", this.replyTo));
		}
		body.put("biz_opaque_callback_data", CALLBACK_PREFIX + this.id);
		return body;
	}

}
