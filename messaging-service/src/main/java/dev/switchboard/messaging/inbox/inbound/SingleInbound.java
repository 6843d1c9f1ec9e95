package dev.switchboard.messaging.inbox.inbound;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.outbox.Inbox;
import dev.switchboard.events.wa.WaInboundMessage;
import dev.switchboard.events.wa.WaMessageContext;
import dev.switchboard.messaging.inbox.contacts.Contacts;
import dev.switchboard.messaging.inbox.conversations.InboundConversations;
import dev.switchboard.messaging.inbox.conversations.InboundKind;
import dev.switchboard.messaging.inbox.timeline.InboundEntry;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Stores one inbound message, in one transaction: the inbox makes a redelivered event a
 * no-op, the contact is resolved (its identifiers locked, so that concurrent messages of
 * one contact queue), then the message goes to the contact's conversation (reactions to
 * the message they react to, a number change to the contact's identity). What
 * {@link InboundBatch} does for many at once, and what it falls back to.
 */
@Component
class SingleInbound {

	private final Inbox inbox;

	private final Contacts contacts;

	private final InboundConversations conversations;

	private final TransactionalOperator transactions;

	SingleInbound(Inbox inbox, Contacts contacts, InboundConversations conversations,
			TransactionalOperator transactions) {
		this.inbox = inbox;
		this.contacts = contacts;
		this.conversations = conversations;
		this.transactions = transactions;
	}

	/** Stores the message in a transaction of its own, once per event. */
	Mono<Void> store(EventEnvelope<WaInboundMessage> event) {
		Mono<Void> work = this.inbox.firstDelivery(InboundHandler.CONSUMER_GROUP, event.id(), event.tenantId())
			.filter(Boolean::booleanValue)
			.flatMap((first) -> storeRecorded(event));
		return this.transactions.transactional(work);
	}

	/**
	 * Stores the message; call inside a transaction that recorded the event in the inbox
	 * now.
	 */
	Mono<Void> storeRecorded(EventEnvelope<WaInboundMessage> event) {
		WaInboundMessage message = event.data();
		return store(event.tenantId(), message, at(event));
	}

	static Instant at(EventEnvelope<WaInboundMessage> event) {
		WaInboundMessage message = event.data();
		return (message.timestamp() != null) ? message.timestamp() : event.time();
	}

	private Mono<Void> store(String tenantId, WaInboundMessage message, Instant at) {
		return this.contacts.resolve(tenantId, message.from(), message.fromUserId(), message.profileName(), at)
			.flatMap((contact) -> {
				InboundEntry entry = entry(tenantId, message, at);
				String type = message.type();
				if ("reaction".equals(type)) {
					Map<String, Object> reaction = (message.content() != null) ? message.content() : Map.of();
					return this.conversations.reaction(contact, text(reaction.get("message_id")),
							text(reaction.get("emoji")), at, message.messageId());
				}
				if ("system".equals(type)) {
					String newWaId = (message.content() != null) ? text(message.content().get("wa_id")) : null;
					if ("user_changed_number".equals(systemType(message)) && newWaId != null) {
						return this.contacts.changeNumber(contact, newWaId, at)
							.flatMap(
									(moved) -> this.conversations.numberChanged(moved, message.phoneNumberId(), entry));
					}
					return this.conversations.received(contact, message.phoneNumberId(), entry, InboundKind.SYSTEM);
				}
				InboundKind kind = "unsupported".equals(type) ? InboundKind.UNSUPPORTED : InboundKind.MESSAGE;
				return this.conversations.received(contact, message.phoneNumberId(), entry, kind);
			});
	}

	private static String systemType(WaInboundMessage message) {
		return (message.content() != null) ? text(message.content().get("type")) : null;
	}

	@SuppressWarnings("unchecked")
	static InboundEntry entry(String tenantId, WaInboundMessage message, Instant at) {
		WaMessageContext context = message.context();
		Map<String, Object> contextJson = (context != null) ? EventJson.mapper().convertValue(context, Map.class)
				: null;
		List<Map<String, Object>> errors = (message.errors() != null)
				? EventJson.mapper().convertValue(message.errors(), List.class) : null;
		return new InboundEntry(tenantId, null, message.messageId(), message.type(), message.text(), message.content(),
				contextJson, message.referral(), errors, message.otherFields(), (context != null) ? context.id() : null,
				at);
	}

	private static String text(Object value) {
		return (value instanceof String text) ? text : null;
	}

}
