package dev.switchboard.messaging.inbox.conversations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.Uuids;
import dev.switchboard.events.conversations.ConversationChanged;
import dev.switchboard.messaging.inbox.contacts.Contact;
import dev.switchboard.messaging.inbox.timeline.InboundEntries;
import dev.switchboard.messaging.inbox.timeline.InboundEntry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The common case of {@link InboundConversations#received} for a batch of customer
 * messages, set-based: a message for a contact's open conversation joins it (entry,
 * unread count, SLA clock, announcement), in a fixed number of statements for the whole
 * batch. Everything else (a new, resolved or archived conversation, a repeated wamid, a
 * second message for one conversation) is left to {@link InboundConversations}, one
 * message at a time, after this batch's writes, so that each conversation still takes its
 * messages in order. Call inside the transaction that holds the contacts' locks.
 */
@Component
public class OpenConversationBatch {

	private final ConversationStore store;

	private final InboundEntries entries;

	private final ConversationEvents events;

	private final ConversationSla sla;

	OpenConversationBatch(ConversationStore store, InboundEntries entries, ConversationEvents events,
			ConversationSla sla) {
		this.store = store;
		this.entries = entries;
		this.events = events;
		this.sla = sla;
	}

	/**
	 * Stores the messages that join an open conversation.
	 * @param messages customer messages ({@link InboundKind#MESSAGE}) of known contacts
	 * @return the positions in {@code messages} stored; the others are left to
	 * {@link InboundConversations#received}
	 */
	public Mono<Set<Integer>> receive(List<Message> messages) {
		// The first message per conversation key; a later one waits for the single path.
		Map<ConversationStore.LatestKey, Integer> firsts = new LinkedHashMap<>();
		for (int i = 0; i < messages.size(); i++) {
			Message message = messages.get(i);
			firsts.putIfAbsent(new ConversationStore.LatestKey(message.contact().tenantId(), message.phoneNumberId(),
					message.contact().id()), i);
		}
		List<Integer> candidates = new ArrayList<>(firsts.values());
		if (candidates.isEmpty()) {
			return Mono.just(Set.of());
		}
		List<InboundEntry> candidateEntries = candidates.stream().map((i) -> messages.get(i).entry()).toList();
		return this.entries.known(candidateEntries).flatMap((known) -> {
			List<Integer> fresh = candidates.stream()
				.filter((i) -> !known
					.contains(InboundEntries.key(messages.get(i).entry().tenantId(), messages.get(i).entry().wamid())))
				.sorted((a, b) -> messages.get(a).contact().id().compareTo(messages.get(b).contact().id()))
				.toList();
			List<ConversationStore.LatestKey> keys = fresh.stream()
				.map((i) -> new ConversationStore.LatestKey(messages.get(i).contact().tenantId(),
						messages.get(i).phoneNumberId(), messages.get(i).contact().id()))
				.toList();
			return this.store.lockLatestAll(keys)
				.collectMap((conversation) -> new ConversationStore.LatestKey(conversation.tenantId(),
						conversation.phoneNumberId(), conversation.contactId()))
				.flatMap((latest) -> joinOpen(messages, fresh, latest));
		});
	}

	private Mono<Set<Integer>> joinOpen(List<Message> messages, List<Integer> fresh,
			Map<ConversationStore.LatestKey, Conversation> latest) {
		List<Integer> joining = new ArrayList<>();
		List<Conversation> conversations = new ArrayList<>();
		for (Integer i : fresh) {
			Message message = messages.get(i);
			Conversation conversation = latest.get(new ConversationStore.LatestKey(message.contact().tenantId(),
					message.phoneNumberId(), message.contact().id()));
			if (conversation != null && conversation.status().active()) {
				joining.add(i);
				conversations.add(conversation);
			}
		}
		if (joining.isEmpty()) {
			return Mono.just(Set.of());
		}
		return Flux.range(0, joining.size()).concatMap((n) -> {
			InboundEntry entry = messages.get(joining.get(n)).entry();
			return this.sla.customerMessage(conversations.get(n).received(entry.at(), entry.text()), entry.at());
		}).collectList().flatMap(this.store::saveReceivedAll).flatMap((saved) -> {
			List<InboundEntry> rows = new ArrayList<>(saved.size());
			List<UUID> ids = new ArrayList<>(saved.size());
			List<EventEnvelope<ConversationChanged>> announced = new ArrayList<>(saved.size());
			for (int n = 0; n < saved.size(); n++) {
				InboundEntry entry = messages.get(joining.get(n)).entry();
				UUID id = Uuids.random();
				rows.add(entry.in(saved.get(n).id()));
				ids.add(id);
				announced.add(this.events.event(saved.get(n), "MESSAGE_RECEIVED", null, id,
						InboundConversations.CUSTOMER, entry.at()));
			}
			return this.entries.append(rows, ids).then(this.events.changedAll(announced));
		}).thenReturn(Set.copyOf(joining));
	}

	/**
	 * A customer message of a known contact.
	 *
	 * @param contact the contact, resolved and locked
	 * @param phoneNumberId the business number it was sent to
	 * @param entry the message, its conversation id not yet set
	 */
	public record Message(Contact contact, String phoneNumberId, InboundEntry entry) {
	}

}
