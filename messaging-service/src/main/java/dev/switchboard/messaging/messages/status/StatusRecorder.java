package dev.switchboard.messaging.messages.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.Uuids;
import dev.switchboard.events.messaging.MessageStatusChanged;
import dev.switchboard.events.outbox.Outbox;
import dev.switchboard.messaging.messages.stats.StatsGeneration;
import dev.switchboard.messaging.messages.status.fold.AppliedStatuses;
import dev.switchboard.messaging.messages.status.fold.DeliveryState;
import dev.switchboard.messaging.messages.status.fold.MessageStatus;
import dev.switchboard.messaging.messages.status.fold.StatusError;
import dev.switchboard.messaging.messages.status.fold.StatusUpdate;
import dev.switchboard.messaging.messages.status.fold.TrackedMessage;
import dev.switchboard.messaging.messages.status.store.HeldStatuses;
import dev.switchboard.messaging.messages.status.store.TrackedMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Records reported statuses on locked messages: applies them ({@link DeliveryState}),
 * stores what changed and announces every change of the current status on
 * {@code messaging.events.v1} (through the outbox). Callers run it inside the transaction
 * that locked the message.
 */
@Component
public class StatusRecorder {

	private static final Logger log = LoggerFactory.getLogger(StatusRecorder.class);

	private final TrackedMessages messages;

	private final HeldStatuses held;

	private final Outbox outbox;

	private final StatsGeneration stats;

	StatusRecorder(TrackedMessages messages, HeldStatuses held, Outbox outbox, StatsGeneration stats) {
		this.messages = messages;
		this.held = held;
		this.outbox = outbox;
		this.stats = stats;
	}

	/**
	 * Applies one status to a locked message; returns the message as it is afterwards.
	 */
	public Mono<TrackedMessage> apply(TrackedMessage message, StatusUpdate update) {
		DeliveryState.Transition transition = message.state().apply(update);
		if (!transition.changed()) {
			log.debug("Status {} of message {} changes nothing", update.status().value(), message.id());
			return Mono.just(message);
		}
		TrackedMessage next = message.with(transition.state());
		Mono<Void> saved = this.messages.save(message, transition.state());
		if (transition.statusChanged()) {
			saved = saved.then(this.outbox.append(statusChanged(next), key(next)))
				.then(this.stats.bumpAfterCommit(next.tenantId()));
		}
		return saved.thenReturn(next);
	}

	/**
	 * Applies each locked message's statuses in the given order, ending where
	 * {@link #apply} one status at a time ends (the same states stored, the same changes
	 * announced), in a few statements for all the messages.
	 */
	Mono<Void> applyAll(Map<TrackedMessage, List<StatusUpdate>> updates) {
		List<TrackedMessage> changed = new ArrayList<>();
		List<Outbox.Append> announcements = new ArrayList<>();
		Set<String> tenantsChanged = new LinkedHashSet<>();
		updates.forEach((message, statuses) -> {
			AppliedStatuses applied = AppliedStatuses.of(message, statuses);
			if (applied.changed()) {
				changed.add(applied.message());
			}
			for (TrackedMessage next : applied.statusChanges()) {
				announcements.add(new Outbox.Append(statusChanged(next), key(next)));
				tenantsChanged.add(next.tenantId());
			}
		});
		return this.messages.saveAll(changed)
			.then(this.outbox.appendAll(announcements))
			.then(Flux.fromIterable(tenantsChanged).concatMap(this.stats::bumpAfterCommit).then());
	}

	/**
	 * Applies the statuses held for a wamid that a message has just been given. Call with
	 * the wamid lock ({@link TrackedMessages#lockWamid}) and the message lock held.
	 */
	public Mono<TrackedMessage> applyHeld(TrackedMessage message) {
		return this.held.release(message.tenantId(), message.wamid()).flatMap((updates) -> {
			Mono<TrackedMessage> applied = Mono.just(message);
			for (StatusUpdate update : updates) {
				applied = applied.flatMap((current) -> apply(current, update));
			}
			return applied;
		});
	}

	private static String key(TrackedMessage message) {
		return message.tenantId() + ":" + message.publicId();
	}

	private EventEnvelope<MessageStatusChanged> statusChanged(TrackedMessage message) {
		DeliveryState state = message.state();
		StatusError error = (state.status() == MessageStatus.FAILED) ? state.error() : null;
		MessageStatusChanged data = new MessageStatusChanged(message.publicId(), message.wamid(), message.channelId(),
				message.recipient(), state.status().value(), state.statusTime(), (error != null) ? error.code() : null,
				(error != null) ? error.title() : null);
		return new EventEnvelope<>(Uuids.random().toString(), EventType.MESSAGE_STATUS_CHANGED_V1, this.outbox.source(),
				Instant.now(), message.publicId(), message.tenantId(), null, null, data);
	}

}
