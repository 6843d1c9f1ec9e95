package dev.switchboard.messaging.inbox.timeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A customer message as Meta sent it, for the timeline.
 *
 * @param tenantId owning tenant
 * @param conversationId the conversation it belongs to
 * @param wamid Meta's message id
 * @param type Meta's message type
 * @param text readable text (body, caption, reply title), may be null
 * @param content the object of the type, verbatim, may be null
 * @param context reply, forward or product context, may be null
 * @param referral click-to-WhatsApp referral, may be null
 * @param errors Meta's errors (unsupported messages), may be null
 * @param otherFields further message fields, may be null
 * @param replyToWamid the wamid the message answers (its context id), may be null
 * @param at when the customer sent it
 */
public record InboundEntry(String tenantId, UUID conversationId, String wamid, String type, String text,
		Map<String, Object> content, Map<String, Object> context, Map<String, Object> referral,
		List<Map<String, Object>> errors, Map<String, Object> otherFields, String replyToWamid, Instant at) {

	/** The same message, in the given conversation. */
	public InboundEntry in(UUID conversation) {
		return new InboundEntry(this.tenantId, conversation, this.wamid, this.type, this.text, this.content,
				this.context, this.referral, this.errors, this.otherFields, this.replyToWamid, this.at);
	}

}
