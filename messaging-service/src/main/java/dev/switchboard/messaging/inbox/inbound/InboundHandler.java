package dev.switchboard.messaging.inbox.inbound;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.kafka.ConsumedEvent;
import dev.switchboard.events.kafka.EventHandler;
import dev.switchboard.events.wa.WaInboundMessage;
import dev.switchboard.events.kafka.batching.GroupCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Stores inbound messages in their contacts' conversations. A plain message from a sender
 * this instance stored a message of lately (same identifiers and profile name: most
 * likely a known contact with an open conversation) waits for a batch: the messages the
 * consumer hands in at once are stored together in one transaction
 * ({@link InboundBatch}); when that fails, each in a transaction of its own. Every other
 * message (a new sender, a reaction, a system message...) is stored at once in a
 * transaction of its own ({@link SingleInbound}), so that its dozen statements never hold
 * up a batch. A message is done, and its offset may be committed, when the transaction
 * that stored it has committed.
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

	private final SingleInbound single;

	/**
	 * Senders whose plain message this instance stored lately (a hint, checked again).
	 */
	private final Cache<String, Boolean> knownSenders;

	private final Counter storedAlone;

	InboundHandler(InboundBatch batch, SingleInbound single, InboxProperties properties,
			ObjectProvider<MeterRegistry> meters) {
		MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
		this.single = single;
		this.knownSenders = Caffeine.newBuilder()
			.maximumSize(properties.knownSenders())
			.expireAfterAccess(Duration.ofMinutes(30))
			.build();
		this.storedAlone = InboundBatch.stored(registry, "own-transaction");
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
		if (!InboundBatch.plainMessage(message)) {
			return storeAlone(event);
		}
		String sender = senderKey(event);
		if (this.knownSenders.getIfPresent(sender) != null) {
			return this.batches.submit(event);
		}
		return storeAlone(event).doOnSuccess((stored) -> this.knownSenders.put(sender, Boolean.TRUE));
	}

	private Mono<Void> storeAlone(EventEnvelope<WaInboundMessage> event) {
		return this.single.store(event).doOnSuccess((stored) -> this.storedAlone.increment());
	}

	private static String senderKey(EventEnvelope<WaInboundMessage> event) {
		WaInboundMessage message = event.data();
		return event.tenantId() + "\n" + message.from() + "\n" + message.fromUserId() + "\n" + message.profileName();
	}

}
