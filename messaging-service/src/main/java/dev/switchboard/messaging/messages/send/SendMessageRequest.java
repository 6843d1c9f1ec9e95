package dev.switchboard.messaging.messages.send;

import java.util.Map;

/**
 * A request to send one message. Exactly the object of its type is given, in the Graph
 * API's shape (e.g. {@code template} with name, language and components).
 *
 * @param to recipient, international format (e.g. {@code +972500000001})
 * @param channelId channel to send through; the tenant's default channel when absent
 * @param type message type; {@code text} when absent and {@code text} is given
 * @param text the text of a {@code text} message, 1 to 4096 characters: a string, or the
 * Graph API object {@code {"body": "…", "preview_url": false}} as Cloud API clients send
 * it
 * @param template the template object
 * @param image the image object (id or link, caption)
 * @param document the document object (id or link, caption, filename)
 * @param video the video object (id or link, caption)
 * @param audio the audio object (id or link)
 * @param interactive the interactive object (button or list)
 * @param reaction the reaction object (message_id, emoji)
 * @param replyTo wamid of the message this one replies to
 * @param idempotencyKey per-message idempotency key (batch items; the header wins for
 * single sends)
 */
record SendMessageRequest(String to, String channelId, String type, Object text, Map<String, Object> template,
		Map<String, Object> image, Map<String, Object> document, Map<String, Object> video, Map<String, Object> audio,
		Map<String, Object> interactive, Map<String, Object> reaction, String replyTo, String idempotencyKey) {

	/** The type asked for: explicit, else text when a text is given. */
	String resolvedType() {
		if (this.type != null) {
			return this.type;
		}
		return (this.text != null) ? "text" : null;
	}

	/** The object of a media, template, interactive or reaction type. */
	Map<String, Object> objectOf(String type) {
		return switch (type) {
			case "template" -> this.template;
			case "image" -> this.image;
			case "document" -> this.document;
			case "video" -> this.video;
			case "audio" -> this.audio;
			case "interactive" -> this.interactive;
			case "reaction" -> this.reaction;
			default -> null;
		};
	}

}
