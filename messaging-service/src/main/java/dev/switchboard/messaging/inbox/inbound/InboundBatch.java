package dev.switchboard.messaging.inbox.inbound;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.outbox.Inbox;
import dev.switchboard.events.wa.WaInboundMessage;
import dev.switchboard.messaging.inbox.contacts.Contact;
import dev.switchboard.messaging.inbox.contacts.Contacts;
import dev.switchboard.messaging.inbox.conversations.OpenConversationBatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Stores a batch of inbound messages of known senders in one transaction, ending where
 * {@link SingleInbound#store} one message at a time ends. Set-based for the common case:
 * one statement records the events in the inbox, one locks the senders' identifiers (in
 * the order {@link Contacts#resolve} locks them), one finds the contacts, and
 * {@link OpenConversationBatch} writes the messages for open conversations. The few that
 * need more (a contact changed, a conversation resolved, a second message for one
 * conversation) follow one by one in the same transaction, in batch order.
 */
@Component
class InboundBatch {

	private final Inbox inbox;

	private final Contacts contacts;

	private final OpenConversationBatch openConversations;

	private final SingleInbound single;

	private final TransactionalOperator transactions;

	private final Counter storedTogether;

	private final Counter storedOneByOne;

	InboundBatch(Inbox inbox, Contacts contacts, OpenConversationBatch openConversations, SingleInbound single,
			TransactionalOperator transactions, ObjectProvider<MeterRegistry> meters) {
		MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
		this.storedTogether = stored(registry, "open-conversation");
		this.storedOneByOne = stored(registry, "one-by-one");
		this.inbox = inbox;
		this.contacts = contacts;
		this.openConversations = openConversations;
		this.single = single;
		this.transactions = transactions;
	}

	static Counter stored(MeterRegistry registry, String path) {
		return Counter.builder("switchboard.inbox.inbound.batched")
			.description(
					"Inbound messages stored, by path: in a batch set-based into an open conversation, in a batch one by one, or in a transaction of their own")
			.baseUnit("messages")
			.tag("path", path)
			.register(registry);
	}

	Mono<Void> store(List<EventEnvelope<WaInboundMessage>> batch) {
		if (batch.isEmpty()) {
			return Mono.empty();
		}
		List<Inbox.Delivery> deliveries = batch.stream()
			.map((event) -> new Inbox.Delivery(event.id(), event.tenantId()))
			.toList();
		Mono<Void> work = this.inbox.firstDeliveries(InboundHandler.CONSUMER_GROUP, deliveries)
			.flatMap((fresh) -> storeRecorded(firstOfEach(batch, fresh)));
		return this.transactions.transactional(work);
	}

	/**
	 * The events recorded now, each id once (a repeat within the batch is a redelivery).
	 */
	private static List<EventEnvelope<WaInboundMessage>> firstOfEach(List<EventEnvelope<WaInboundMessage>> batch,
			Set<String> fresh) {
		Map<String, EventEnvelope<WaInboundMessage>> byId = new LinkedHashMap<>();
		batch.stream()
			.filter((event) -> fresh.contains(event.id()))
			.forEach((event) -> byId.putIfAbsent(event.id(), event));
		return List.copyOf(byId.values());
	}

	private Mono<Void> storeRecorded(List<EventEnvelope<WaInboundMessage>> events) {
		if (events.isEmpty()) {
			return Mono.empty();
		}
		List<Contacts.Sender> senders = events.stream().map(InboundBatch::sender).toList();
		return this.contacts.lockAndFindUnchanged(senders).flatMap((known) -> {
			List<Integer> positions = new ArrayList<>();
			List<OpenConversationBatch.Message> messages = new ArrayList<>();
			for (int i = 0; i < events.size(); i++) {
				EventEnvelope<WaInboundMessage> event = events.get(i);
				Optional<Contact> contact = known.get(i);
				if (contact.isPresent()) {
					positions.add(i);
					messages.add(new OpenConversationBatch.Message(contact.get(), event.data().phoneNumberId(),
							SingleInbound.entry(event.tenantId(), event.data(), SingleInbound.at(event))));
				}
			}
			return this.openConversations.receive(messages).flatMap((stored) -> {
				Set<Integer> done = new HashSet<>();
				stored.forEach((n) -> done.add(positions.get(n)));
				return Flux.range(0, events.size())
					.filter((i) -> !done.contains(i))
					.concatMap((i) -> this.single.storeRecorded(events.get(i)))
					.then(Mono.fromRunnable(() -> {
						// Counted once the statements ran; a rolled-back batch is retried
						// one by one.
						this.storedTogether.increment(done.size());
						this.storedOneByOne.increment(events.size() - done.size());
					}));
			});
		});
	}

	private static Contacts.Sender sender(EventEnvelope<WaInboundMessage> event) {
		WaInboundMessage message = event.data();
		return new Contacts.Sender(event.tenantId(), message.from(), message.fromUserId(), message.profileName());
	}

	/**
	 * A customer message that opens or joins a conversation (not a reaction, system or
	 * unsupported message).
	 */
	static boolean plainMessage(WaInboundMessage message) {
		String type = message.type();
		return !"reaction".equals(type) && !"system".equals(type) && !"unsupported".equals(type);
	}

}
