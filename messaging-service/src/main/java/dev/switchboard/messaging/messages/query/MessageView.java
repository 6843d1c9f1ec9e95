package dev.switchboard.messaging.messages.query;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A message as the API shows it.
 *
 * @param id message id
 * @param channelId channel it goes through
 * @param to recipient in E.164
 * @param type message type ({@code text})
 * @param text the text
 * @param status current status
 * @param wamid WhatsApp message id, null until the provider accepted it
 * @param createdAt when it was accepted
 * @param statusTimes when each reported status happened
 * @param error why it failed (or a note on an unresolved send), null otherwise
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record MessageView(String id, String channelId, String to, String type, String text, String status, String wamid,
		Instant createdAt, Map<String, Instant> statusTimes, Error error) {

	/**
	 * A provider error.
	 *
	 * @param code provider error code, may be null
	 * @param title short title
	 * @param details explanation, may be null
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	record Error(Integer code, String title, String details) {
	}

}
