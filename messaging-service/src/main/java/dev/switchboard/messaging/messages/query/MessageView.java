package dev.switchboard.messaging.messages.query;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A message as the API shows it.
 *
 * @param id message id
 * @param clientMessageId the requesting service's id when it is no UUID, else null
 * @param channelId channel it goes through
 * @param to recipient in E.164
 * @param type message type
 * @param text the text of a text message
 * @param content the Graph API object of the type
 * @param replyTo wamid replied to
 * @param status current status
 * @param wamid WhatsApp message id, null until known
 * @param matchedBy how the wamid was linked: {@code provider}, {@code callback_data} or
 * {@code recipient_window}
 * @param correlationId correlation id of the request
 * @param attempts provider calls made
 * @param createdAt when it was accepted
 * @param statusTimes when each reported status happened
 * @param pricing pricing and conversation reported by Meta, null when none
 * @param error why it failed (or a note on a pending send), null otherwise
 * @param traceId the trace of the send (the request or command that accepted it), null
 * without tracing
 * @param statusTraces the trace of each reported status (its webhook's), by status
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record MessageView(String id, String clientMessageId, String channelId, String to, String type, String text,
		Map<String, Object> content, String replyTo, String status, String wamid, String matchedBy,
		String correlationId, int attempts, Instant createdAt, Map<String, Instant> statusTimes, Pricing pricing,
		Error error,
		@Schema(description = "Trace id (W3C, 32 hex digits) of the send: the request or command that accepted "
				+ "the message. Null when tracing was off.", example = "4bf92f3577b34da6a3ce929d0e0e4736",
				nullable = true) String traceId,
		@Schema(description = "Trace id of each reported status, by status (the trace of the webhook that "
				+ "reported it first). A status held before its message was known has none.",
				example = "{\"delivered\": \"0af7651916cd43dd8448eb211c80319c\"}") Map<String, String> statusTraces) {

	/**
	 * A provider error.
	 *
	 * @param code provider error code, may be null
	 * @param title short title
	 * @param details explanation, may be null
	 * @param hint what the sender can do about it, may be null
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	record Error(Integer code, String title, String details, String hint) {
	}

	/**
	 * What Meta reported about the cost.
	 *
	 * @param category pricing category
	 * @param model pricing model
	 * @param type pricing type
	 * @param billable whether billed
	 * @param conversationId conversation id
	 * @param conversationOrigin conversation origin type
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Pricing(String category, String model, String type, Boolean billable, String conversationId,
			String conversationOrigin) {
	}

	/**
	 * A page of messages.
	 *
	 * @param items messages, newest first
	 * @param nextCursor cursor of the next page, null on the last
	 */
	record Page(java.util.List<MessageView> items, String nextCursor) {
	}

}
