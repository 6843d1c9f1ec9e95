package dev.switchboard.messaging.messages.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.switchboard.events.outbox.Inbox;
import dev.switchboard.messaging.messages.status.fold.StatusUpdate;
import dev.switchboard.messaging.messages.status.fold.TrackedMessage;
import dev.switchboard.messaging.messages.status.store.StatusTraces;
import dev.switchboard.messaging.messages.status.store.TrackedMessages;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Folds a batch of status events in one transaction, ending where
 * {@link SingleEventFold#fold} one event at a time ends. Set-based: one statement records
 * the batch in the inbox, one takes the wamid locks (in a fixed order), one locks the
 * messages (in id order), and the folded messages and their announcements are written in
 * a few statements. Events whose wamid no message has go through
 * {@link SingleEventFold#foldLocked} one by one (correlated or held), in the same
 * transaction.
 * <p>
 * Locks are taken in the order of the single-event fold (inbox, wamid, message), so that
 * batches and single folds wait for each other rather than deadlock.
 */
@Component
class BatchFold {

	private final Inbox inbox;

	private final TrackedMessages messages;

	private final StatusRecorder recorder;

	private final SingleEventFold single;

	private final StatusTraces traces;

	private final TransactionalOperator transactions;

	BatchFold(Inbox inbox, TrackedMessages messages, StatusRecorder recorder, SingleEventFold single,
			StatusTraces traces, TransactionalOperator transactions) {
		this.traces = traces;
		this.inbox = inbox;
		this.messages = messages;
		this.recorder = recorder;
		this.single = single;
		this.transactions = transactions;
	}

	Mono<Void> fold(List<StatusEvent> batch) {
		List<Inbox.Delivery> deliveries = batch.stream()
			.map((event) -> new Inbox.Delivery(event.id(), event.tenantId()))
			.toList();
		Mono<Void> work = this.inbox.firstDeliveries(StatusEventHandler.CONSUMER_GROUP, deliveries)
			.flatMap((fresh) -> foldFirstDeliveries(firstOfEach(batch, fresh)));
		return this.transactions.transactional(work);
	}

	/**
	 * The events recorded now, each id once (a repeat within the batch is a redelivery).
	 */
	private static List<StatusEvent> firstOfEach(List<StatusEvent> batch, Set<String> fresh) {
		Map<String, StatusEvent> byId = new LinkedHashMap<>();
		batch.stream()
			.filter((event) -> fresh.contains(event.id()))
			.forEach((event) -> byId.putIfAbsent(event.id(), event));
		return List.copyOf(byId.values());
	}

	private Mono<Void> foldFirstDeliveries(List<StatusEvent> events) {
		if (events.isEmpty()) {
			return Mono.empty();
		}
		Set<TrackedMessages.Wamid> wamids = new LinkedHashSet<>();
		events.forEach((event) -> wamids.add(event.wamid()));
		return this.messages.lockWamids(wamids)
			.thenMany(this.messages.lockByWamids(wamids))
			.collectMap((message) -> new TrackedMessages.Wamid(message.tenantId(), message.wamid()),
					Function.identity())
			.flatMap((known) -> {
				// Each message's statuses in batch order (any order folds to the same
				// state).
				Map<TrackedMessage, List<StatusUpdate>> updates = new LinkedHashMap<>();
				List<StatusEvent> unknown = new ArrayList<>();
				List<StatusTraces.StatusTrace> traced = new ArrayList<>();
				for (StatusEvent event : events) {
					TrackedMessage message = known.get(event.wamid());
					if (message != null) {
						updates.computeIfAbsent(message, (key) -> new ArrayList<>()).add(event.update());
						traced.add(event.trace(message.id()));
					}
					else {
						unknown.add(event);
					}
				}
				return this.recorder.applyAll(updates)
					.then(this.traces.recordAll(traced))
					.then(Flux.fromIterable(unknown).concatMap(this.single::foldLocked).then());
			});
	}

}
