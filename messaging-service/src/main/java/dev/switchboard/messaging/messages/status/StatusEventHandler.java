package dev.switchboard.messaging.messages.status;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.kafka.ConsumedEvent;
import dev.switchboard.events.kafka.EventHandler;
import dev.switchboard.events.wa.WaConversation;
import dev.switchboard.events.wa.WaError;
import dev.switchboard.events.wa.WaPricing;
import dev.switchboard.events.wa.WaStatus;
import dev.switchboard.events.kafka.batching.GroupCommit;
import dev.switchboard.messaging.messages.status.fold.MessageStatus;
import dev.switchboard.messaging.messages.status.fold.Pricing;
import dev.switchboard.messaging.messages.status.fold.StatusError;
import dev.switchboard.messaging.messages.status.fold.StatusUpdate;
import dev.switchboard.messaging.tracing.TraceIds;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Folds WhatsApp status events into messages, in batches: the statuses the consumer hands
 * in at once are folded together in one transaction ({@link BatchFold}); when that fails,
 * each in a transaction of its own ({@link SingleEventFold}). An event is done when the
 * transaction that folded it has committed.
 */
@Component
class StatusEventHandler implements EventHandler<WaStatus> {

	static final String CONSUMER_GROUP = "messaging-service.statuses";

	/**
	 * A safety bound on statuses waiting for a batch, far above what the consumer hands
	 * in at once (its partitions times the folds in flight per partition).
	 */
	static final int MAX_WAITING = 10_000;

	/**
	 * One status from its hand-over to the batch until the transaction that wrote it to
	 * PostgreSQL has committed: a child of its own record's observation, so that a batch
	 * of statuses from several webhooks never mixes their traces.
	 */
	static final String FOLD_OBSERVATION = "messaging.status.fold";

	private static final Logger log = LoggerFactory.getLogger(StatusEventHandler.class);

	private final GroupCommit<StatusEvent> batches;

	private final ObservationRegistry observations;

	StatusEventHandler(BatchFold batchFold, SingleEventFold singleEventFold, StatusProperties properties,
			ObjectProvider<MeterRegistry> meters, ObjectProvider<ObservationRegistry> observations) {
		this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
		MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
		Timer folds = Timer.builder("switchboard.statuses.batch")
			.description("Folding one batch of statuses, in one transaction")
			.publishPercentileHistogram()
			.register(registry);
		DistributionSummary sizes = DistributionSummary.builder("switchboard.statuses.batch.size")
			.description("Statuses per batch")
			.baseUnit("statuses")
			.register(registry);
		this.batches = new GroupCommit<>(properties.batchSize(), properties.batchLinger(), properties.batchesInFlight(),
				MAX_WAITING, (batch) -> Mono.defer(() -> {
					sizes.record(batch.size());
					long started = System.nanoTime();
					return batchFold.fold(batch)
						.doFinally((signal) -> folds.record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
				}), singleEventFold::fold, Schedulers.parallel());
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
		return Mono.deferContextual((context) -> {
			Observation observation = Observation.createNotStarted(FOLD_OBSERVATION, this.observations)
				.contextualName("status fold")
				.parentObservation(context.getOrDefault(ObservationThreadLocalAccessor.KEY, null))
				.lowCardinalityKeyValue("status", update.get().status().value())
				.start();
			return this.batches.submit(new StatusEvent(event, update.get(), TraceIds.of(observation)))
				.doOnError(observation::error)
				.doFinally((signal) -> observation.stop());
		});
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
