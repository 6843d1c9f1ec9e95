package dev.switchboard.messaging.inbox.conversations;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.messaging.inbox.sla.SlaClock;

import org.springframework.http.HttpStatus;

/**
 * A support conversation with one contact on one business number, and the rules of its
 * lifecycle as plain functions: each returns the conversation after the change (the store
 * writes it with the version it was read with).
 *
 * @param id the conversation's id
 * @param tenantId owning tenant
 * @param channelId the channel replies go through, null when the tenant has none for the
 * number
 * @param phoneNumberId the business number
 * @param contactId the contact
 * @param contactPhone the contact's number in E.164, may be null
 * @param contactUserId the contact's business-scoped user id, may be null
 * @param contactName the contact's profile name, may be null
 * @param status lifecycle status
 * @param assigneeId the agent who owns it (ASSIGNED), may be null
 * @param priority priority
 * @param tags tags
 * @param unreadCount customer messages since the last read
 * @param reopenCount how often it was reopened
 * @param previousConversationId the archived conversation this one follows, may be null
 * @param lastInboundAt the contact's last message, may be null
 * @param waitingSince the customer's oldest unanswered message, may be null
 * @param lastActivityAt last message or change
 * @param lastText the latest message's readable text, may be null
 * @param resolvedAt when it was resolved, may be null
 * @param archivedAt when it was archived, may be null
 * @param createdAt when it was opened
 * @param version optimistic version, one up per change
 * @param sla the response clock and idle deadline
 * @param queueId the queue it waits in, null for the tenant's general backlog
 */
record Conversation(UUID id, String tenantId, String channelId, String phoneNumberId, UUID contactId,
		String contactPhone, String contactUserId, String contactName, ConversationStatus status, String assigneeId,
		Priority priority, List<String> tags, int unreadCount, int reopenCount, UUID previousConversationId,
		Instant lastInboundAt, Instant waitingSince, Instant lastActivityAt, String lastText, Instant resolvedAt,
		Instant archivedAt, Instant createdAt, long version, SlaClock sla, UUID queueId) {

	Conversation {
		tags = (tags != null) ? List.copyOf(tags) : List.of();
		sla = (sla != null) ? sla : SlaClock.NONE;
	}

	/** A customer message: unread, the window and the waiting clock move. */
	Conversation received(Instant at, String text) {
		Instant latest = (this.lastInboundAt == null || at.isAfter(this.lastInboundAt)) ? at : this.lastInboundAt;
		return new Conversation(this.id, this.tenantId, this.channelId, this.phoneNumberId, this.contactId,
				this.contactPhone, this.contactUserId, this.contactName, this.status, this.assigneeId, this.priority,
				this.tags, this.unreadCount + 1, this.reopenCount, this.previousConversationId, latest,
				(this.waitingSince != null) ? this.waitingSince : at, later(this.lastActivityAt, at),
				(text != null) ? text : this.lastText, this.resolvedAt, this.archivedAt, this.createdAt, this.version,
				this.sla, this.queueId);
	}

	/**
	 * A message stored without reopening (unsupported or system messages on a resolved
	 * conversation): only the text preview changes.
	 */
	Conversation attached(String text) {
		return withText(text);
	}

	/** An agent reply: the customer no longer waits. */
	Conversation replied(Instant at, String text) {
		requireOpen();
		return new Conversation(this.id, this.tenantId, this.channelId, this.phoneNumberId, this.contactId,
				this.contactPhone, this.contactUserId, this.contactName, this.status, this.assigneeId, this.priority,
				this.tags, this.unreadCount, this.reopenCount, this.previousConversationId, this.lastInboundAt, null,
				later(this.lastActivityAt, at), (text != null) ? text : this.lastText, this.resolvedAt, this.archivedAt,
				this.createdAt, this.version, this.sla, this.queueId);
	}

	/** OPEN/ASSIGNED → RESOLVED; the SLA clocks stop. */
	Conversation resolve(Instant at) {
		requireOpen();
		return withStatus(ConversationStatus.RESOLVED, this.assigneeId, this.reopenCount, null, at, at)
			.withSla(this.sla.stopped());
	}

	/**
	 * RESOLVED → OPEN, by a customer message or an agent. Until agents declare their
	 * availability nobody can tell whether the former assignee can take it, so it goes
	 * back to the queue unassigned.
	 */
	Conversation reopen(Instant at) {
		if (this.status != ConversationStatus.RESOLVED) {
			throw (this.status == ConversationStatus.ARCHIVED) ? closed()
					: new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "CONVERSATION_NOT_RESOLVED",
							"Only a resolved conversation can be reopened; this one is " + this.status);
		}
		return withStatus(ConversationStatus.OPEN, null, this.reopenCount + 1, this.waitingSince, null, at);
	}

	/** The assignee (or anyone) read it: nothing unread. */
	Conversation read() {
		requireOpen();
		return new Conversation(this.id, this.tenantId, this.channelId, this.phoneNumberId, this.contactId,
				this.contactPhone, this.contactUserId, this.contactName, this.status, this.assigneeId, this.priority,
				this.tags, 0, this.reopenCount, this.previousConversationId, this.lastInboundAt, this.waitingSince,
				this.lastActivityAt, this.lastText, this.resolvedAt, this.archivedAt, this.createdAt, this.version,
				this.sla, this.queueId);
	}

	/** OPEN/ASSIGNED → ASSIGNED to the agent. */
	Conversation assign(String agentId, Instant at) {
		requireOpen();
		return withStatus(ConversationStatus.ASSIGNED, agentId, this.reopenCount, this.waitingSince, null, at);
	}

	/** ASSIGNED → OPEN. */
	Conversation unassign(Instant at) {
		requireOpen();
		return withStatus(ConversationStatus.OPEN, null, this.reopenCount, this.waitingSince, null, at);
	}

	/** New priority and tags (either may stay). */
	Conversation classify(Priority newPriority, List<String> newTags) {
		requireOpen();
		return new Conversation(this.id, this.tenantId, this.channelId, this.phoneNumberId, this.contactId,
				this.contactPhone, this.contactUserId, this.contactName, this.status, this.assigneeId,
				(newPriority != null) ? newPriority : this.priority, (newTags != null) ? newTags : this.tags,
				this.unreadCount, this.reopenCount, this.previousConversationId, this.lastInboundAt, this.waitingSince,
				this.lastActivityAt, this.lastText, this.resolvedAt, this.archivedAt, this.createdAt, this.version,
				this.sla, this.queueId);
	}

	/**
	 * The tag catalogue renamed or deleted a tag it carries: closed conversations follow
	 * too.
	 */
	Conversation retagged(List<String> newTags) {
		return new Conversation(this.id, this.tenantId, this.channelId, this.phoneNumberId, this.contactId,
				this.contactPhone, this.contactUserId, this.contactName, this.status, this.assigneeId, this.priority,
				newTags, this.unreadCount, this.reopenCount, this.previousConversationId, this.lastInboundAt,
				this.waitingSince, this.lastActivityAt, this.lastText, this.resolvedAt, this.archivedAt, this.createdAt,
				this.version, this.sla, this.queueId);
	}

	/** The SLA clock moved (customer message, reply, resolve, the monitor). */
	Conversation withSla(SlaClock clock) {
		return new Conversation(this.id, this.tenantId, this.channelId, this.phoneNumberId, this.contactId,
				this.contactPhone, this.contactUserId, this.contactName, this.status, this.assigneeId, this.priority,
				this.tags, this.unreadCount, this.reopenCount, this.previousConversationId, this.lastInboundAt,
				this.waitingSince, this.lastActivityAt, this.lastText, this.resolvedAt, this.archivedAt, this.createdAt,
				this.version, clock, this.queueId);
	}

	/**
	 * In the queue (moved there, or routed there when it opened); the row's
	 * {@code queue_id} is written by the move itself.
	 */
	Conversation inQueue(UUID queue) {
		return new Conversation(this.id, this.tenantId, this.channelId, this.phoneNumberId, this.contactId,
				this.contactPhone, this.contactUserId, this.contactName, this.status, this.assigneeId, this.priority,
				this.tags, this.unreadCount, this.reopenCount, this.previousConversationId, this.lastInboundAt,
				this.waitingSince, this.lastActivityAt, this.lastText, this.resolvedAt, this.archivedAt, this.createdAt,
				this.version, this.sla, queue);
	}

	/** Whether the contact's 24-hour window is open at the given time. */
	boolean windowOpen(Instant now, Duration window) {
		return this.lastInboundAt != null && this.lastInboundAt.plus(window).isAfter(now);
	}

	/**
	 * Agents act only on OPEN and ASSIGNED conversations.
	 * @throws ApiProblem 422 {@code CONVERSATION_CLOSED}
	 */
	void requireOpen() {
		if (!this.status.active()) {
			throw closed();
		}
	}

	private ApiProblem closed() {
		return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "CONVERSATION_CLOSED",
				"The conversation is " + this.status + ": reopen it first (an archived one cannot be reopened)");
	}

	private Conversation withText(String text) {
		return new Conversation(this.id, this.tenantId, this.channelId, this.phoneNumberId, this.contactId,
				this.contactPhone, this.contactUserId, this.contactName, this.status, this.assigneeId, this.priority,
				this.tags, this.unreadCount, this.reopenCount, this.previousConversationId, this.lastInboundAt,
				this.waitingSince, this.lastActivityAt, (text != null) ? text : this.lastText, this.resolvedAt,
				this.archivedAt, this.createdAt, this.version, this.sla, this.queueId);
	}

	private Conversation withStatus(ConversationStatus newStatus, String assignee, int reopens, Instant waiting,
			Instant resolved, Instant at) {
		return new Conversation(this.id, this.tenantId, this.channelId, this.phoneNumberId, this.contactId,
				this.contactPhone, this.contactUserId, this.contactName, newStatus, assignee, this.priority, this.tags,
				this.unreadCount, reopens, this.previousConversationId, this.lastInboundAt, waiting,
				later(this.lastActivityAt, at), this.lastText, resolved, this.archivedAt, this.createdAt, this.version,
				this.sla, this.queueId);
	}

	private static Instant later(Instant a, Instant b) {
		return (a == null || b.isAfter(a)) ? b : a;
	}

}
