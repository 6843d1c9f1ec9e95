package dev.switchboard.messaging.messages.status;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.kafka.ConsumedEvent;
import dev.switchboard.events.kafka.EventHandler;
import dev.switchboard.events.outbox.Inbox;
import dev.switchboard.events.wa.WaConversation;
import dev.switchboard.events.wa.WaError;
import dev.switchboard.events.wa.WaPricing;
import dev.switchboard.events.wa.WaStatus;
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

	private final StatusCorrelation correlation;

	private final TransactionalOperator transactions;

	StatusEventHandler(Inbox inbox, TrackedMessages messages, HeldStatuses held, StatusFolder folder,
			StatusCorrelation correlation, TransactionalOperator transactions) {
		this.inbox = inbox;
		this.messages = messages;
		this.held = held;
		this.folder = folder;
		this.correlation = correlation;
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
				.switchIfEmpty(Mono.defer(() -> this.correlation.correlate(tenantId, status, update.get().at())))
				.flatMap((message) -> this.folder.apply(message, update.get()).thenReturn(true))
				.switchIfEmpty(Mono.defer(() -> hold(event, update.get()))))
			.then();
		return this.transactions.transactional(work);
	}

	private Mono<Boolean> hold(EventEnvelope<WaStatus> event, StatusUpdate update) {
		log.debug("Holding status {} of unknown wamid {} until its send is recorded", update.status().value(),
				event.data().wamid());
		WaStatus status = event.data();
		HeldStatuses.HeldContext context = new HeldStatuses.HeldContext(
				(status.recipientId() != null) ? status.recipientId().replaceAll("[^0-9]", "") : null,
				status.bizOpaqueCallbackData(), status.phoneNumberId());
		return this.held.hold(event.id(), event.tenantId(), status.wamid(), update, context).thenReturn(true);
	}

	/** The status as a fold input; empty for statuses this version does not track. */
	static Optional<StatusUpdate> update(EventEnvelope<WaStatus> event) {
		WaStatus status = event.data();
		Instant at = (status.timestamp() != null) ? status.timestamp() : event.time();
		return MessageStatus.parse(status.status())
			.filter((parsed) -> parsed != MessageStatus.ACCEPTED)
			.map((parsed) -> new StatusUpdate(parsed, at,
					(parsed == MessageStatus.FAILED) ? error(status.errors()) : null, pricing(status)));
	}

	private static Pricing pricing(WaStatus status) {
		WaPricing pricing = status.pricing();
		WaConversation conversation = status.conversation();
		if (pricing == null && conversation == null) {
			return null;
		}
		return new Pricing((pricing != null) ? pricing.category() : null,
				(pricing != null) ? pricing.pricingModel() : null, (pricing != null) ? pricing.type() : null,
				(pricing != null) ? pricing.billable() : null, (conversation != null) ? conversation.id() : null,
				(conversation != null) ? conversation.originType() : null);
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
