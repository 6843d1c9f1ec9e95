package dev.switchboard.messaging.messages.status;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.wa.WaError;
import dev.switchboard.events.wa.WaStatus;
import dev.switchboard.events.kafka.ConsumedEvent;
import dev.switchboard.events.kafka.EventHandler;
import dev.switchboard.messaging.inbox.Inbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Folds WhatsApp status events into messages. One transaction per event: the inbox makes
 * a redelivery a no-op, a status for a wamid nobody recorded yet is held, any other
 * status is folded into its message.
 */
@Component
class StatusEventHandler implements EventHandler<WaStatus> {

	static final String CONSUMER_GROUP = "messaging-service.statuses";

	private static final Logger log = LoggerFactory.getLogger(StatusEventHandler.class);

	private final Inbox inbox;

	private final TrackedMessages messages;

	private final HeldStatuses held;

	private final StatusFolder folder;

	private final TransactionalOperator transactions;

	StatusEventHandler(Inbox inbox, TrackedMessages messages, HeldStatuses held, StatusFolder folder,
			TransactionalOperator transactions) {
		this.inbox = inbox;
		this.messages = messages;
		this.held = held;
		this.folder = folder;
		this.transactions = transactions;
	}

	@Override
	public Mono<Void> handle(ConsumedEvent<WaStatus> consumed) {
		EventEnvelope<WaStatus> event = consumed.event();
		WaStatus status = event.data();
		Optional<StatusUpdate> update = update(event);
		if (update.isEmpty() || status.wamid() == null || status.wamid().isBlank()) {
			log.info("Ignoring status '{}' of wamid {} (event {}): nothing to fold", status.status(), status.wamid(),
					event.id());
			return Mono.empty();
		}
		String tenantId = event.tenantId();
		Mono<Void> work = this.inbox.firstDelivery(CONSUMER_GROUP, event.id(), tenantId)
			.filter(Boolean::booleanValue)
			.flatMap((first) -> this.messages.lockWamid(tenantId, status.wamid())
				.then(this.messages.lockByWamid(tenantId, status.wamid()))
				.flatMap((message) -> this.folder.apply(message, update.get()).thenReturn(true))
				.switchIfEmpty(Mono.defer(() -> hold(event, update.get()))))
			.then();
		return this.transactions.transactional(work);
	}

	private Mono<Boolean> hold(EventEnvelope<WaStatus> event, StatusUpdate update) {
		log.debug("Holding status {} of unknown wamid {} until its send is recorded", update.status().value(),
				event.data().wamid());
		return this.held.hold(event.id(), event.tenantId(), event.data().wamid(), update).thenReturn(true);
	}

	/** The status as a fold input; empty for statuses this version does not track. */
	static Optional<StatusUpdate> update(EventEnvelope<WaStatus> event) {
		WaStatus status = event.data();
		Instant at = (status.timestamp() != null) ? status.timestamp() : event.time();
		return MessageStatus.parse(status.status())
			.filter((parsed) -> parsed != MessageStatus.ACCEPTED)
			.map((parsed) -> new StatusUpdate(parsed, at,
					(parsed == MessageStatus.FAILED) ? error(status.errors()) : null));
	}

	private static StatusError error(List<WaError> errors) {
		if (errors == null || errors.isEmpty()) {
			return null;
		}
		WaError first = errors.get(0);
		String title = (first.title() != null) ? first.title() : first.message();
		return new StatusError(first.code(), title, first.details());
	}

}
