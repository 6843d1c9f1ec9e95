package dev.switchboard.events.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.kafka.receiver.KafkaReceiver;

/**
 * Watches one consumer's receiver: when records have waited in its assigned partitions
 * (committed offset behind the end) for the stall timeout while nothing was received or
 * handled, it fails the pipeline with {@link ConsumerStalledException} so that the
 * consumer restarts from the committed offsets. A receiver that cannot answer in time
 * (e.g. in a rebalance) is not judged.
 */
final class StallWatchdog {

	private static final Duration OFFSETS_TIMEOUT = Duration.ofSeconds(2);

	private static final long NONE = Long.MIN_VALUE;

	private final String topicName;

	private final String groupId;

	private final Duration stallTimeout;

	private final Duration checkInterval;

	/** When a record last arrived or was acknowledged (nanoTime). */
	private volatile long lastProgress = System.nanoTime();

	/**
	 * Since when records have been seen waiting with no progress (nanoTime), or
	 * {@link #NONE}; checks run one after the other.
	 */
	private volatile long waitingSince = NONE;

	StallWatchdog(String topicName, String groupId, Duration stallTimeout, Duration checkInterval) {
		this.topicName = topicName;
		this.groupId = groupId;
		this.stallTimeout = stallTimeout;
		this.checkInterval = checkInterval;
	}

	/** Records that the consumer moved on. */
	void progressed() {
		this.lastProgress = System.nanoTime();
	}

	/**
	 * Checks the receiver every check interval; errors once it stalled.
	 * @param receiver the running receiver
	 * @param busy whether the consumer is handling or stopping (never judged stalled
	 * then)
	 */
	Flux<Void> watch(KafkaReceiver<String, byte[]> receiver, BooleanSupplier busy) {
		progressed();
		return Flux.interval(this.checkInterval)
			.onBackpressureDrop()
			.concatMap((tick) -> stalled(receiver, busy))
			.filter(Boolean::booleanValue)
			.next()
			.flatMapMany((stalled) -> Flux
				.<Void>error(new ConsumerStalledException(this.topicName, this.groupId, this.stallTimeout)));
	}

	private Mono<Boolean> stalled(KafkaReceiver<String, byte[]> receiver, BooleanSupplier busy) {
		if (busy.getAsBoolean() || System.nanoTime() - this.lastProgress < this.stallTimeout.toNanos()) {
			this.waitingSince = NONE;
			return Mono.just(false);
		}
		return receiver.doOnConsumer(StallWatchdog::hasWaitingRecords)
			.timeout(this.checkInterval)
			.onErrorResume((ex) -> Mono.just(false))
			.defaultIfEmpty(false)
			.map((waiting) -> waitedTooLong(waiting, System.nanoTime()));
	}

	/**
	 * Stalled only once records have waited the whole stall timeout: records that just
	 * arrived after a quiet spell wait too, until the next fetch.
	 */
	private boolean waitedTooLong(boolean waiting, long now) {
		if (!waiting) {
			this.waitingSince = NONE;
			return false;
		}
		if (this.waitingSince == NONE) {
			this.waitingSince = now;
			return false;
		}
		return now - this.waitingSince >= this.stallTimeout.toNanos();
	}

	private static boolean hasWaitingRecords(Consumer<String, byte[]> consumer) {
		Set<TopicPartition> assigned = consumer.assignment();
		if (assigned.isEmpty()) {
			return false;
		}
		Map<TopicPartition, Long> end = consumer.endOffsets(assigned, OFFSETS_TIMEOUT);
		Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned, OFFSETS_TIMEOUT);
		return end.entrySet().stream().anyMatch((entry) -> {
			OffsetAndMetadata done = committed.get(entry.getKey());
			return entry.getValue() > ((done != null) ? done.offset() : 0L);
		});
	}

}
