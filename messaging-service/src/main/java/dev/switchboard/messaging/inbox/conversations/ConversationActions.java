package dev.switchboard.messaging.inbox.conversations;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.ApiProblem.FieldProblem;
import dev.switchboard.messaging.inbox.agents.InboxCaller;
import dev.switchboard.messaging.inbox.agents.InboxCallers;
import dev.switchboard.messaging.inbox.receipts.ReadReceipts;
import dev.switchboard.messaging.inbox.timeline.Timeline;
import dev.switchboard.messaging.messages.send.AgentReplies;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * What agents and integrations do to a conversation. Each action is one transaction: the
 * conversation row locked, the caller's expected version checked, the change, its
 * timeline entry and its event written together.
 */
@Component
class ConversationActions {

	/** Longest private note, as long as the longest WhatsApp text. */
	static final int MAX_NOTE_LENGTH = 4096;

	private final ConversationStore store;

	private final Timeline timeline;

	private final ConversationEvents events;

	private final AgentReplies replies;

	private final TransactionalOperator transactions;

	private final InboxCallers callers;

	private final ConversationSla sla;

	private final ReadReceipts receipts;

	ConversationActions(ConversationStore store, Timeline timeline, ConversationEvents events, AgentReplies replies,
			TransactionalOperator transactions, InboxCallers callers, ConversationSla sla, ReadReceipts receipts) {
		this.receipts = receipts;
		this.callers = callers;
		this.sla = sla;
		this.store = store;
		this.timeline = timeline;
		this.events = events;
		this.replies = replies;
		this.transactions = transactions;
	}

	Mono<Conversation> resolve(Actor actor, UUID id, Long expectedVersion) {
		return change(actor, id, expectedVersion, "RESOLVED", (conversation) -> conversation.resolve(Instant.now()),
				true);
	}

	Mono<Conversation> reopen(Actor actor, UUID id, Long expectedVersion) {
		return this.transactions.transactional(locked(actor, id, expectedVersion).flatMap((conversation) -> {
			Conversation reopened = conversation.reopen(Instant.now());
			return this.store.activeOf(actor.tenantId(), conversation.phoneNumberId(), conversation.contactId())
				.flatMap((other) -> Mono.<Conversation>error(new ApiProblem(HttpStatus.CONFLICT,
						"CONVERSATION_ALREADY_OPEN", "The contact has another open conversation on this number",
						Map.of("conversationId", other.toString()))))
				.switchIfEmpty(Mono.defer(() -> record(actor, conversation, reopened, "REOPENED", true)));
		}));
	}

	/**
	 * Nothing unread; when the assignee read it, the WhatsApp read receipt of the latest
	 * customer message is recorded in the same transaction (sent later, never awaited).
	 */
	Mono<Conversation> read(Actor actor, UUID id, Long expectedVersion) {
		return this.transactions.transactional(locked(actor, id, expectedVersion)
			.flatMap((conversation) -> record(actor, conversation, conversation.read(), "READ", false)
				.flatMap((saved) -> this.receipts
					.read(actor.caller(), actor.tenantId(), id, saved.channelId(), saved.assigneeId(), Instant.now())
					.thenReturn(saved))));
	}

	Mono<Conversation> assign(Actor actor, UUID id, String agentId, Long expectedVersion) {
		if (agentId == null || agentId.isBlank() || agentId.length() > 255) {
			return Mono.error(ApiProblem
				.validationFailed(List.of(new FieldProblem("agentId", "must be an agent id of 1 to 255 characters"))));
		}
		if (actor.caller().restricted() && !agentId.equals(actor.id())) {
			return Mono.error(InboxCaller.forbidden("An agent assigns conversations to itself only"));
		}
		return change(actor, id, expectedVersion, "ASSIGNED",
				(conversation) -> conversation.assign(agentId, Instant.now()), true);
	}

	/**
	 * Moves the conversation to a queue of the tenant, unassigned (OPEN), where
	 * auto-assignment (or a member's claim) picks it up. Supervisors, admins and
	 * integrations only.
	 */
	Mono<Conversation> queue(Actor actor, UUID id, UUID queueId, Long expectedVersion) {
		if (actor.caller().restricted()) {
			return Mono.error(InboxCaller.forbidden("Only supervisors and admins move conversations between queues"));
		}
		Mono<Boolean> known = this.store.queueExists(actor.tenantId(), queueId);
		return this.transactions
			.transactional(known
				.flatMap((exists) -> exists ? locked(actor, id, expectedVersion)
						: Mono.error(ApiProblem.validationFailed(
								List.of(new FieldProblem("queueId", "must name a queue of this tenant")))))
				.flatMap((conversation) -> this.store.moveToQueue(actor.tenantId(), id, queueId)
					.then(record(actor, conversation, conversation.inQueue(queueId).unassign(Instant.now()), "QUEUED",
							true))));
	}

	/**
	 * An assignment by the system (auto-assignment), inside the caller's transaction that
	 * holds the conversation's row.
	 */
	Mono<Conversation> autoAssign(String tenantId, UUID id, String agentId, String actorId) {
		Actor actor = new Actor(tenantId, actorId, null);
		return this.store.lock(tenantId, id)
			.flatMap((conversation) -> record(actor, conversation, conversation.assign(agentId, Instant.now()),
					"ASSIGNED", true));
	}

	Mono<Conversation> unassign(Actor actor, UUID id, Long expectedVersion) {
		return change(actor, id, expectedVersion, "UNASSIGNED", (conversation) -> conversation.unassign(Instant.now()),
				true);
	}

	Mono<Conversation> classify(Actor actor, UUID id, Priority priority, List<String> tags, Long expectedVersion) {
		String change = (priority != null) ? "PRIORITY_CHANGED" : "TAGS_CHANGED";
		return change(actor, id, expectedVersion, change, (conversation) -> conversation.classify(priority, tags),
				true);
	}

	/** A private note: stored in the timeline, never sent to WhatsApp. */
	Mono<Written> note(Actor actor, UUID id, String text, Long expectedVersion) {
		if (text == null || text.isBlank() || text.length() > MAX_NOTE_LENGTH) {
			return Mono.error(ApiProblem.validationFailed(
					List.of(new FieldProblem("text", "must be a note of 1 to " + MAX_NOTE_LENGTH + " characters"))));
		}
		return this.transactions.transactional(locked(actor, id, expectedVersion).flatMap((conversation) -> {
			conversation.requireOpen();
			Instant now = Instant.now();
			return this.timeline.appendNote(actor.tenantId(), id, actor.id(), text, now)
				.flatMap((entryId) -> this.store.save(conversation)
					.flatMap((saved) -> this.events.changed(saved, "NOTE_ADDED", null, entryId, actor.id(), now)
						.thenReturn(new Written(saved, entryId, null))));
		}));
	}

	/**
	 * An agent reply through the send path; a repeated idempotency key answers the first
	 * reply and changes nothing.
	 */
	Mono<Written> reply(Actor actor, UUID id, Map<String, Object> message, String idempotencyKey, String correlationId,
			Long expectedVersion) {
		return this.transactions.transactional(locked(actor, id, expectedVersion).flatMap((conversation) -> {
			conversation.requireOpen();
			if (conversation.contactPhone() == null) {
				return Mono.error(new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "CONTACT_UNREACHABLE",
						"The contact is known only by its business-scoped user id; messages need its number"));
			}
			if (conversation.channelId() == null) {
				return Mono.error(new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "UNKNOWN_CHANNEL",
						"The tenant has no channel for the conversation's number"));
			}
			Instant now = Instant.now();
			return this.replies
				.send(actor.tenantId(), conversation.channelId(), conversation.contactPhone(), message, idempotencyKey,
						correlationId)
				.flatMap((reply) -> this.timeline
					.appendOutbound(actor.tenantId(), id, reply.messageId(), actor.id(), now)
					.flatMap((entry) -> !entry.created() ? Mono.just(new Written(conversation, entry.id(), reply))
							: this.sla.agentReplied(conversation.replied(now, reply.text()), now)
								.flatMap(this.store::save)
								.flatMap((saved) -> this.events
									.changed(saved, "REPLY_SENT", null, entry.id(), actor.id(), now)
									.thenReturn(new Written(saved, entry.id(), reply)))));
		}));
	}

	private Mono<Conversation> change(Actor actor, UUID id, Long expectedVersion, String activity,
			Function<Conversation, Conversation> transition, boolean audited) {
		return this.transactions.transactional(locked(actor, id, expectedVersion)
			.flatMap((conversation) -> record(actor, conversation, transition.apply(conversation), activity, audited)));
	}

	/**
	 * Saves the change, adds its activity entry (the audit trail) and announces it.
	 */
	private Mono<Conversation> record(Actor actor, Conversation before, Conversation after, String activity,
			boolean audited) {
		Instant now = Instant.now();
		Map<String, Object> details = details(before, after);
		Mono<UUID> entry = audited
				? this.timeline.appendActivity(actor.tenantId(), before.id(), actor.id(), activity, details, now)
				: Mono.empty();
		return this.store.save(after)
			.flatMap((saved) -> entry.map(Optional::of)
				.defaultIfEmpty(Optional.empty())
				.flatMap((entryId) -> this.events
					.changed(saved, activity, before.status(), entryId.orElse(null), actor.id(), now)
					.thenReturn(saved)));
	}

	private static Map<String, Object> details(Conversation before, Conversation after) {
		Map<String, Object> details = new LinkedHashMap<>();
		if (before.status() != after.status()) {
			details.put("status", Map.of("from", before.status().name(), "to", after.status().name()));
		}
		if (!Objects.equals(before.assigneeId(), after.assigneeId())) {
			Map<String, Object> assignee = new LinkedHashMap<>();
			assignee.put("from", before.assigneeId());
			assignee.put("to", after.assigneeId());
			details.put("assignee", assignee);
		}
		if (before.priority() != after.priority()) {
			details.put("priority", Map.of("from", before.priority().name(), "to", after.priority().name()));
		}
		if (!before.tags().equals(after.tags())) {
			details.put("tags", Map.of("from", before.tags(), "to", after.tags()));
		}
		return details.isEmpty() ? null : details;
	}

	/**
	 * The conversation locked, once the caller may act on it (an agent: its own or an
	 * unassigned one of its queues) and its version is the expected one.
	 */
	private Mono<Conversation> locked(Actor actor, UUID id, Long expectedVersion) {
		return this.store.lock(actor.tenantId(), id)
			.switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No such conversation")))
			.flatMap(
					(conversation) -> this.callers.mayActOn(actor.caller(), id)
						.flatMap((allowed) -> allowed ? Mono.just(conversation) : Mono.error(InboxCaller.forbidden(
								"An agent acts on its own conversations and the unassigned ones of its queues"))))
			.map((conversation) -> {
				if (expectedVersion != null && expectedVersion != conversation.version()) {
					throw ConversationStore.versionConflict(expectedVersion);
				}
				return conversation;
			});
	}

	/**
	 * Who acts: the tenant and the agent (or, for a key without an agent, the key).
	 *
	 * @param tenantId the caller's tenant
	 * @param id the agent id, else the API key id
	 * @param caller the caller with its role, which decides what it may act on; null for
	 * the system (auto-assignment)
	 */
	record Actor(String tenantId, String id, InboxCaller caller) {
	}

	/**
	 * The outcome of a write to the timeline.
	 *
	 * @param conversation the conversation after it
	 * @param entryId the timeline entry
	 * @param reply the accepted reply, null for a note
	 */
	record Written(Conversation conversation, UUID entryId, AgentReplies.Reply reply) {
	}

}
