package dev.switchboard.messaging.inbox.timeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entry of a conversation's timeline as the API shows it: a customer message
 * ({@code INBOUND}), an agent reply with its delivery status ({@code OUTBOUND}), a
 * private note ({@code NOTE}) or an activity ({@code ACTIVITY}: resolved, reopened,
 * assigned…).
 *
 * @param id the entry's id
 * @param kind {@code INBOUND}, {@code OUTBOUND}, {@code NOTE} or {@code ACTIVITY}
 * @param at when it happened (the customer's send time for inbound messages)
 * @param type the message type (inbound and outbound)
 * @param text readable text: body, caption, reply title, the note
 * @param wamid the WhatsApp message id (inbound; outbound once sent)
 * @param content the object of the type as Meta sent it (inbound) or as it was sent
 * (outbound)
 * @param context inbound reply, forward or product context
 * @param referral inbound click-to-WhatsApp referral
 * @param errors Meta's errors of an unsupported inbound message
 * @param otherFields further fields of an inbound message
 * @param replyTo the message this one answers
 * @param reactions the contact's reactions to this message
 * @param message the outbound message: id, status, error
 * @param actor the agent or API key that wrote or did it
 * @param activity what an activity entry records
 * @param details what changed, for an activity entry
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimelineEntry(String id, String kind, Instant at, String type, String text, String wamid,
		Map<String, Object> content, Map<String, Object> context, Map<String, Object> referral, Object errors,
		Map<String, Object> otherFields, ReplyTo replyTo, List<Reaction> reactions, Outbound message, String actor,
		String activity, Map<String, Object> details) {

	/**
	 * The message an entry answers.
	 *
	 * @param wamid its wamid
	 * @param entryId its timeline entry, null when the inbox does not know it
	 */
	public record ReplyTo(String wamid, String entryId) {
	}

	/**
	 * A reaction of the contact.
	 *
	 * @param emoji the emoji
	 * @param at when the contact reacted
	 */
	public record Reaction(String emoji, Instant at) {
	}

	/**
	 * The outbound message of a reply, as the send path tracks it.
	 *
	 * @param id the message id ({@code GET /api/v1/messages/{id}})
	 * @param status accepted, sent, delivered, read, played or failed
	 * @param errorCode provider error code of a failure
	 * @param errorTitle provider error title of a failure
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Outbound(String id, String status, Integer errorCode, String errorTitle) {
	}

	/**
	 * A page of a timeline.
	 *
	 * @param items entries, newest first
	 * @param nextCursor the cursor of the older entries, null on the last page
	 */
	public record Page(List<TimelineEntry> items, String nextCursor) {
	}

}
