package dev.switchboard.events.conversations;

import java.time.Instant;
import java.util.List;

/**
 * A support conversation changed: it was opened, reopened, resolved, read, assigned, a
 * customer message, an agent reply or a private note was added to it. Each event carries
 * the conversation's full state after the change, so a consumer keeps a projection by
 * upserting the latest state.
 * <p>
 * Order: events are keyed by tenant and conversation id, so one conversation's events
 * arrive in order; {@code version} grows by one with every change of the conversation
 * row, so a consumer ignores an event whose version is not above the one it holds.
 *
 * @param conversationId the conversation's id
 * @param channelId the tenant's channel replies go through
 * @param phoneNumberId the business phone number id the contact writes to
 * @param contactId the contact's id
 * @param contactPhone the contact's number in E.164, null for a contact known only by its
 * business-scoped user id
 * @param contactUserId the contact's business-scoped user id, may be null
 * @param change what happened: {@code CREATED}, {@code REOPENED},
 * {@code MESSAGE_RECEIVED}, {@code REACTION_RECEIVED}, {@code REPLY_SENT},
 * {@code NOTE_ADDED}, {@code RESOLVED}, {@code READ}, {@code ASSIGNED},
 * {@code UNASSIGNED}, {@code QUEUED}, {@code PRIORITY_CHANGED}, {@code TAGS_CHANGED},
 * {@code ARCHIVED}, {@code CONTACT_NUMBER_CHANGED}, {@code SLA_BREACHED}; unknown future
 * values kept as-is
 * @param status status after the change: {@code OPEN}, {@code ASSIGNED}, {@code RESOLVED}
 * or {@code ARCHIVED}
 * @param previousStatus status before the change, null when it did not change
 * @param assigneeId the agent the conversation is assigned to, may be null
 * @param priority {@code NONE}, {@code LOW}, {@code MEDIUM}, {@code HIGH} or
 * {@code URGENT}
 * @param tags the conversation's tags, empty when none
 * @param unreadCount customer messages since the last read
 * @param version the conversation row's version after the change
 * @param entryId the timeline entry the change added (message, reply, note, activity),
 * may be null
 * @param actor who made the change: an agent or API key id, {@code customer} or
 * {@code system}
 * @param lastInboundAt when the contact last wrote, may be null
 * @param at when the change happened
 * @param queueId the queue it waits in, null for the general backlog (absent in events
 * written before it was added)
 */
public record ConversationChanged(String conversationId, String channelId, String phoneNumberId, String contactId,
		String contactPhone, String contactUserId, String change, String status, String previousStatus,
		String assigneeId, String priority, List<String> tags, int unreadCount, long version, String entryId,
		String actor, Instant lastInboundAt, Instant at, String queueId) {

	public ConversationChanged {
		tags = (tags != null) ? List.copyOf(tags) : List.of();
	}

}
