package dev.switchboard.messaging.inbox.conversations;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.Uuids;
import dev.switchboard.events.conversations.ConversationChanged;
import dev.switchboard.events.outbox.Outbox;
import dev.switchboard.messaging.inbox.stream.ChangeLog;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Announces every change of a conversation on {@code conversations.events.v1} (key
 * {@code tenantId:conversationId}) through the outbox, and records it for the inbox
 * streams, in the transaction of the change.
 */
@Component
class ConversationEvents {

	private final Outbox outbox;

	private final ChangeLog changeLog;

	ConversationEvents(Outbox outbox, ChangeLog changeLog) {
		this.outbox = outbox;
		this.changeLog = changeLog;
	}

	/**
	 * @param previous the status before the change, or null when it did not change
	 * @param entryId the timeline entry the change added, or null
	 * @param actor who changed it: agent or key id, {@code customer} or {@code system}
	 */
	Mono<Void> changed(Conversation conversation, String change, ConversationStatus previous, UUID entryId,
			String actor, Instant at) {
		EventEnvelope<ConversationChanged> event = event(conversation, change, previous, entryId, actor, at);
		// The streams' change log in the same transaction (see ChangeLog).
		return this.outbox.append(event, key(conversation)).then(this.changeLog.append(event));
	}

	/** {@link #changed} for changes of distinct conversations, in two statements. */
	Mono<Void> changedAll(List<EventEnvelope<ConversationChanged>> events) {
		return this.outbox
			.appendAll(events.stream()
				.map((event) -> new Outbox.Append(event, event.tenantId() + ":" + event.data().conversationId()))
				.toList())
			.then(this.changeLog.appendAll(events));
	}

	EventEnvelope<ConversationChanged> event(Conversation conversation, String change, ConversationStatus previous,
			UUID entryId, String actor, Instant at) {
		ConversationChanged data = new ConversationChanged(conversation.id().toString(), conversation.channelId(),
				conversation.phoneNumberId(), conversation.contactId().toString(), conversation.contactPhone(),
				conversation.contactUserId(), change, conversation.status().name(),
				(previous != null && previous != conversation.status()) ? previous.name() : null,
				conversation.assigneeId(), conversation.priority().name(), conversation.tags(),
				conversation.unreadCount(), conversation.version(), (entryId != null) ? entryId.toString() : null,
				actor, conversation.lastInboundAt(), at,
				(conversation.queueId() != null) ? conversation.queueId().toString() : null);
		return new EventEnvelope<>(Uuids.random().toString(), EventType.CONVERSATION_CHANGED_V1, this.outbox.source(),
				at, conversation.id().toString(), conversation.tenantId(), null, null, data);
	}

	private static String key(Conversation conversation) {
		return conversation.tenantId() + ":" + conversation.id();
	}

}
