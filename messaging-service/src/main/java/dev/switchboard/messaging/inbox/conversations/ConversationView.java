package dev.switchboard.messaging.inbox.conversations;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A conversation as the API shows it.
 *
 * @param id the conversation's id
 * @param status OPEN, ASSIGNED, RESOLVED or ARCHIVED
 * @param channelId the channel replies go through, may be null
 * @param phoneNumberId the business number
 * @param contact the contact
 * @param assigneeId the agent who owns it, may be null
 * @param queueId the queue it waits in, null for the tenant's general backlog
 * @param priority NONE, LOW, MEDIUM, HIGH or URGENT
 * @param tags tags
 * @param unreadCount customer messages since the last read
 * @param reopenCount how often it was reopened
 * @param previousConversationId the archived conversation this one follows, may be null
 * @param lastInboundAt the contact's last message, may be null
 * @param windowExpiresAt when the 24-hour window closes (free text needs it open), may be
 * null
 * @param windowOpen whether free text may be sent now
 * @param waitingSince the customer's oldest unanswered message, may be null
 * @param lastActivityAt last message or change
 * @param lastText the latest message's text, may be null
 * @param resolvedAt when it was resolved, may be null
 * @param archivedAt when it was archived, may be null
 * @param createdAt when it was opened
 * @param version the version to send back as {@code version} for an optimistic change
 * @param slaState ON_TRACK, AT_RISK, BREACHED or MET; null before the first customer
 * message
 * @param slaTarget the running clock, FIRST_RESPONSE or NEXT_RESPONSE; null when none
 * runs
 * @param firstResponseDueAt when the first response is (was) due, may be null
 * @param nextResponseDueAt when the latest next response is (was) due, may be null
 * @param idleDueAt when it is resolved for want of activity, null when resolved
 */
record ConversationView(String id, String status, String channelId, String phoneNumberId, ContactRef contact,
		String assigneeId, String queueId, String priority, List<String> tags, int unreadCount, int reopenCount,
		String previousConversationId, Instant lastInboundAt, Instant windowExpiresAt, boolean windowOpen,
		Instant waitingSince, Instant lastActivityAt, String lastText, Instant resolvedAt, Instant archivedAt,
		Instant createdAt, long version, String slaState, String slaTarget, Instant firstResponseDueAt,
		Instant nextResponseDueAt, Instant idleDueAt) {

	/** WhatsApp's customer-service window. */
	static final Duration WINDOW = Duration.ofHours(24);

	static ConversationView of(Conversation c) {
		Instant expires = (c.lastInboundAt() != null) ? c.lastInboundAt().plus(WINDOW) : null;
		return new ConversationView(c.id().toString(), c.status().name(), c.channelId(), c.phoneNumberId(),
				new ContactRef(c.contactId().toString(), c.contactPhone(), c.contactUserId(), c.contactName()),
				c.assigneeId(), (c.queueId() != null) ? c.queueId().toString() : null, c.priority().name(), c.tags(),
				c.unreadCount(), c.reopenCount(),
				(c.previousConversationId() != null) ? c.previousConversationId().toString() : null, c.lastInboundAt(),
				expires, c.windowOpen(Instant.now(), WINDOW), c.waitingSince(), c.lastActivityAt(), c.lastText(),
				c.resolvedAt(), c.archivedAt(), c.createdAt(), c.version(),
				(c.sla().state() != null) ? c.sla().state().name() : null,
				(c.sla().running() != null) ? c.sla().running().name() : null, c.sla().firstResponseDueAt(),
				c.sla().nextResponseDueAt(), c.sla().idleDueAt());
	}

	/**
	 * The conversation's contact.
	 *
	 * @param id contact id ({@code GET /api/v1/contacts/{id}})
	 * @param phone number in E.164, may be null
	 * @param userId business-scoped user id, may be null
	 * @param name profile name, may be null
	 */
	record ContactRef(String id, String phone, String userId, String name) {
	}

	/**
	 * A page of conversations.
	 *
	 * @param items conversations, latest activity first
	 * @param nextCursor the cursor of the next page, null on the last
	 */
	record Page(List<ConversationView> items, String nextCursor) {
	}

	/**
	 * How many of the tenant's conversations are in each state.
	 *
	 * @param open OPEN (queued, unassigned)
	 * @param assigned ASSIGNED
	 * @param resolved RESOLVED
	 * @param archived ARCHIVED
	 * @param unread OPEN or ASSIGNED with unread customer messages
	 * @param mine ASSIGNED to the calling agent (0 for a key without an agent)
	 * @param all every conversation
	 * @param mineUnread ASSIGNED to the calling agent with unread customer messages
	 * @param unreadMessages unread customer messages of the conversations ASSIGNED to the
	 * calling agent
	 */
	record Counts(long open, long assigned, long resolved, long archived, long unread, long mine, long all,
			long mineUnread, long unreadMessages) {
	}

}
