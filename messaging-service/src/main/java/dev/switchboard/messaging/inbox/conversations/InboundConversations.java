package dev.switchboard.messaging.inbox.conversations;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.switchboard.events.Uuids;
import dev.switchboard.messaging.channels.Channel;
import dev.switchboard.messaging.channels.ChannelDirectory;
import dev.switchboard.messaging.channels.Provider;
import dev.switchboard.messaging.inbox.contacts.Contact;
import dev.switchboard.messaging.inbox.timeline.InboundEntry;
import dev.switchboard.messaging.inbox.timeline.Timeline;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * What a customer message does to the contact's conversation on the number (the reopen
 * rules in docs/inbox.md). Call inside the transaction that holds the contact's lock, so
 * that one contact's messages are applied one after the other.
 */
@Component
public class InboundConversations {

	static final String CUSTOMER = "customer";

	static final String SYSTEM = "system";

	private final ConversationStore store;

	private final Timeline timeline;

	private final ConversationEvents events;

	private final ChannelDirectory channels;

	private final ConversationSla sla;

	private final InboundRouting routing;

	InboundConversations(ConversationStore store, Timeline timeline, ConversationEvents events,
			ChannelDirectory channels, ConversationSla sla, InboundRouting routing) {
		this.sla = sla;
		this.routing = routing;
		this.store = store;
		this.timeline = timeline;
		this.events = events;
		this.channels = channels;
	}

	/**
	 * Stores the message in the contact's conversation (once per wamid), opening,
	 * reopening or starting one as its kind allows.
	 * @param entry the message, its conversation id not yet set
	 */
	public Mono<Void> received(Contact contact, String phoneNumberId, InboundEntry entry, InboundKind kind) {
		return this.timeline.knows(entry.tenantId(), entry.wamid())
			.flatMap((known) -> known ? Mono.<Void>empty()
					: this.store.lockLatest(entry.tenantId(), phoneNumberId, contact.id())
						.flatMap((latest) -> intoLatest(latest, contact, entry, kind))
						.switchIfEmpty(Mono.defer(() -> (kind == InboundKind.SYSTEM) ? Mono.empty()
								: start(contact, phoneNumberId, entry, null).then(Mono.empty())))
						.then());
	}

	/**
	 * The contact changed its number: the system message joins its latest conversation,
	 * which is announced with the contact's new number.
	 */
	public Mono<Void> numberChanged(Contact contact, String phoneNumberId, InboundEntry entry) {
		return this.timeline.knows(entry.tenantId(), entry.wamid())
			.flatMap((known) -> known ? Mono.<Void>empty()
					: this.store.lockLatest(entry.tenantId(), phoneNumberId, contact.id())
						.flatMap((latest) -> this.timeline.appendInbound(entry.in(latest.id()))
							.flatMap((entryId) -> this.store.save(latest)
								.flatMap((saved) -> this.events.changed(saved, "CONTACT_NUMBER_CHANGED", null, entryId,
										CUSTOMER, entry.at())))));
	}

	/**
	 * A reaction: applied to the message it reacts to, announced on that message's
	 * conversation; never a timeline entry, never a reopen.
	 */
	public Mono<Void> reaction(Contact contact, String targetWamid, String emoji, Instant at, String wamid) {
		if (targetWamid == null) {
			return Mono.empty();
		}
		return this.timeline.react(contact.tenantId(), targetWamid, contact.id(), emoji, at, wamid)
			.then(this.timeline.conversationOf(contact.tenantId(), targetWamid))
			.flatMap((conversationId) -> this.store.find(contact.tenantId(), conversationId))
			.flatMap(
					(conversation) -> this.events.changed(conversation, "REACTION_RECEIVED", null, null, CUSTOMER, at));
	}

	private Mono<Conversation> intoLatest(Conversation latest, Contact contact, InboundEntry entry, InboundKind kind) {
		ConversationStatus status = latest.status();
		if (status.active()) {
			return append(latest, entry, kind);
		}
		if (status == ConversationStatus.RESOLVED) {
			if (kind != InboundKind.MESSAGE) {
				return append(latest, entry, kind);
			}
			Instant at = entry.at();
			return this.store.save(latest.reopen(at))
				.flatMap((reopened) -> this.timeline
					.appendActivity(entry.tenantId(), reopened.id(), CUSTOMER, "REOPENED", null, at)
					.flatMap((activity) -> this.events.changed(reopened, "REOPENED", status, activity, CUSTOMER, at))
					.then(append(reopened, entry, kind)));
		}
		// Archived: read-only; a customer message starts a new conversation.
		return (kind == InboundKind.SYSTEM) ? append(latest, entry, kind)
				: start(contact, latest.phoneNumberId(), entry, latest.id());
	}

	private Mono<Conversation> append(Conversation conversation, InboundEntry entry, InboundKind kind) {
		boolean message = kind == InboundKind.MESSAGE && conversation.status().active();
		Mono<Conversation> changed = message
				? this.sla.customerMessage(conversation.received(entry.at(), entry.text()), entry.at())
				: Mono.just(conversation.attached(entry.text()));
		return this.timeline.appendInbound(entry.in(conversation.id()))
			.flatMap((entryId) -> changed.flatMap(this.store::save)
				.flatMap((saved) -> this.events.changed(saved, "MESSAGE_RECEIVED", null, entryId, CUSTOMER, entry.at())
					.thenReturn(saved)));
	}

	/**
	 * A new conversation, in the queue its number routes to (whose SLA policy and hours
	 * its clock follows, and whose auto-assignment picks it up); the routing is an
	 * activity entry after the message.
	 */
	private Mono<Conversation> start(Contact contact, String phoneNumberId, InboundEntry entry, UUID previous) {
		Instant at = entry.at();
		return this.routing.queueFor(contact.tenantId(), phoneNumberId)
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((route) -> {
				Conversation opened = new Conversation(Uuids.random(), contact.tenantId(),
						channelFor(contact.tenantId(), phoneNumberId), phoneNumberId, contact.id(), contact.phone(),
						contact.userId(), contact.profileName(), ConversationStatus.OPEN, null, Priority.NONE,
						List.of(), 0, 0, previous, null, null, at, null, null, null, Instant.now(), 0, null,
						route.map(InboundRouting.Route::queueId).orElse(null));
				return this.sla.customerMessage(opened.received(at, entry.text()), at)
					.flatMap((received) -> this.store.insert(received)
						.then(this.timeline.appendInbound(entry.in(received.id())))
						.flatMap((entryId) -> routed(received, route)
							.then(this.events.changed(received, "CREATED", null, entryId, CUSTOMER, at)))
						.thenReturn(received));
			});
	}

	/** The audit trail's record of where a new conversation was routed. */
	private Mono<Void> routed(Conversation conversation, Optional<InboundRouting.Route> route) {
		return Mono.justOrEmpty(route)
			.flatMap((queue) -> this.timeline.appendActivity(conversation.tenantId(), conversation.id(),
					InboundRouting.ACTOR, "QUEUED",
					Map.of("queue", Map.of("to", queue.queueId().toString()), "rule", queue.rule().name()),
					Instant.now()))
			.then();
	}

	/** Replies go through the number's Meta channel, else its first channel. */
	private String channelFor(String tenantId, String phoneNumberId) {
		return this.channels.byPhoneNumberId(tenantId, phoneNumberId)
			.stream()
			.min(Comparator.comparing((Channel channel) -> channel.provider() != Provider.META))
			.map(Channel::channelId)
			.orElse(null);
	}

}
