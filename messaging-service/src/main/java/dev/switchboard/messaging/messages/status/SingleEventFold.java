package dev.switchboard.messaging.messages.status;

import dev.switchboard.events.outbox.Inbox;
import dev.switchboard.events.wa.WaStatus;
import dev.switchboard.messaging.messages.status.store.HeldStatuses;
import dev.switchboard.messaging.messages.status.store.StatusTraces;
import dev.switchboard.messaging.messages.status.store.TrackedMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Folds one status event in a transaction of its own: the inbox makes a redelivery a
 * no-op, a status for a wamid nobody recorded yet is correlated or held, any other status
 * is folded into its message. A batch falls back to it event by event, and folds through
 * {@link #foldLocked} the events whose wamid no message has.
 */
@Component
class SingleEventFold {

	private static final Logger log = LoggerFactory.getLogger(SingleEventFold.class);

	private final Inbox inbox;

	private final TrackedMessages messages;

	private final HeldStatuses held;

	private final StatusRecorder recorder;

	private final StatusCorrelation correlation;

	private final StatusTraces traces;

	private final TransactionalOperator transactions;

	SingleEventFold(Inbox inbox, TrackedMessages messages, HeldStatuses held, StatusRecorder recorder,
			StatusCorrelation correlation, StatusTraces traces, TransactionalOperator transactions) {
		this.traces = traces;
		this.inbox = inbox;
		this.messages = messages;
		this.held = held;
		this.recorder = recorder;
		this.correlation = correlation;
		this.transactions = transactions;
	}

	Mono<Void> fold(StatusEvent event) {
		Mono<Void> work = this.inbox.firstDelivery(StatusEventHandler.CONSUMER_GROUP, event.id(), event.tenantId())
			.filter(Boolean::booleanValue)
			.flatMap((first) -> this.messages.lockWamid(event.tenantId(), event.status().wamid())
				.then(foldLocked(event)));
		return this.transactions.transactional(work);
	}

	/**
	 * Folds a first delivery into its message, correlating or holding it when no message
	 * has its wamid. Call in a transaction holding the event's wamid lock.
	 */
	Mono<Void> foldLocked(StatusEvent event) {
		String tenantId = event.tenantId();
		WaStatus status = event.status();
		return this.messages.lockByWamid(tenantId, status.wamid())
			.switchIfEmpty(Mono.defer(() -> this.correlation.correlate(tenantId, status, event.update().at())))
			.flatMap((message) -> this.recorder.apply(message, event.update())
				.then(this.traces.record(event.trace(message.id())))
				.thenReturn(true))
			.switchIfEmpty(Mono.defer(() -> hold(event)))
			.then();
	}

	private Mono<Boolean> hold(StatusEvent event) {
		WaStatus status = event.status();
		log.debug("Holding status {} of unknown wamid {} until its send is recorded", event.update().status().value(),
				status.wamid());
		HeldStatuses.HeldContext context = new HeldStatuses.HeldContext(
				(status.recipientId() != null) ? status.recipientId().replaceAll("[^0-9]", "") : null,
				status.bizOpaqueCallbackData(), status.phoneNumberId());
		return this.held.hold(event.id(), event.tenantId(), status.wamid(), event.update(), context).thenReturn(true);
	}

}
