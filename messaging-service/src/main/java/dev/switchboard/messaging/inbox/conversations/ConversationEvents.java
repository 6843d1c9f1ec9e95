package dev.switchboard.messaging.inbox.conversations;

import java.time.Instant;
import java.util.UUID;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.Uuids;
import dev.switchboard.events.conversations.ConversationChanged;
import dev.switchboard.events.outbox.Outbox;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Announces every change of a conversation on {@code conversations.events.v1} (key
 * {@code tenantId:conversationId}) through the outbox, in the transaction of the change.
 */
@Component
class ConversationEvents {

	private final Outbox outbox;

	ConversationEvents(Outbox outbox) {
		this.outbox = outbox;
	}

	/**
	 * @param previous the status before the change, or null when it did not change
	 * @param entryId the timeline entry the change added, or null
	 * @param actor who changed it: agent or key id, {@code customer} or {@code system}
	 */
	Mono<Void> changed(Conversation conversation, String change, ConversationStatus previous, UUID entryId,
			String actor, Instant at) {
		ConversationChanged data = new ConversationChanged(conversation.id().toString(), conversation.channelId(),
				conversation.phoneNumberId(), conversation.contactId().toString(), conversation.contactPhone(),
				conversation.contactUserId(), change, conversation.status().name(),
				(previous != null && previous != conversation.status()) ? previous.name() : null,
				conversation.assigneeId(), conversation.priority().name(), conversation.tags(),
				conversation.unreadCount(), conversation.version(), (entryId != null) ? entryId.toString() : null,
				actor, conversation.lastInboundAt(), at);
		EventEnvelope<ConversationChanged> event = new EventEnvelope<>(Uuids.random().toString(),
				EventType.CONVERSATION_CHANGED_V1, this.outbox.source(), at, conversation.id().toString(),
				conversation.tenantId(), null, null, data);
		return this.outbox.append(event, conversation.tenantId() + ":" + conversation.id());
	}

}
