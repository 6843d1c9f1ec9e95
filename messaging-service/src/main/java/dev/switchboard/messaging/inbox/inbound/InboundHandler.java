package dev.switchboard.messaging.inbox.inbound;

import java.util.concurrent.TimeUnit;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.kafka.ConsumedEvent;
import dev.switchboard.events.kafka.EventHandler;
import dev.switchboard.events.wa.WaInboundMessage;
import dev.switchboard.messaging.messages.status.batching.GroupCommit;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Stores inbound messages in their contacts' conversations, in batches: the messages the
 * consumer hands in at once are stored together in one transaction
 * ({@link InboundBatch}); when that fails, each in a transaction of its own
 * ({@link SingleInbound}). A message is done, and its offset may be committed, when the
 * transaction that stored it has committed.
 */
@Component
class InboundHandler implements EventHandler<WaInboundMessage> {

	static final String CONSUMER_GROUP = "messaging-service.inbox";

	/**
	 * A safety bound on messages waiting for a batch, far above what the consumer hands
	 * in at once (its partitions times the messages in flight per partition).
	 */
	static final int MAX_WAITING = 10_000;

	private final GroupCommit<EventEnvelope<WaInboundMessage>> batches;

	InboundHandler(InboundBatch batch, SingleInbound single, InboxProperties properties,
			ObjectProvider<MeterRegistry> meters) {
		MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
		Timer stores = Timer.builder("switchboard.inbox.inbound.batch")
			.description("Storing one batch of inbound messages, in one transaction")
			.publishPercentileHistogram()
			.register(registry);
		DistributionSummary sizes = DistributionSummary.builder("switchboard.inbox.inbound.batch.size")
			.description("Inbound messages per batch")
			.baseUnit("messages")
			.register(registry);
		this.batches = new GroupCommit<>(properties.batchSize(), properties.batchLinger(), properties.batchesInFlight(),
				MAX_WAITING, (messages) -> Mono.defer(() -> {
					sizes.record(messages.size());
					long started = System.nanoTime();
					return batch.store(messages)
						.doFinally((signal) -> stores.record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
				}), single::store, Schedulers.parallel());
	}

	@Override
	public Mono<Void> handle(ConsumedEvent<WaInboundMessage> consumed) {
		EventEnvelope<WaInboundMessage> event = consumed.event();
		WaInboundMessage message = event.data();
		if (message == null || message.messageId() == null || message.phoneNumberId() == null
				|| (message.from() == null && message.fromUserId() == null)) {
			return Mono.empty();
		}
		return this.batches.submit(event);
	}

}
