package dev.switchboard.events.kafka;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.kafka.receiver.ReceiverOffset;
import reactor.kafka.receiver.ReceiverPartition;

/**
 * Which partitions a consumer owns right now and the last offset it acknowledged in each.
 * Only owned partitions are acknowledged: a revoked partition's offsets belong to its new
 * owner, and committing them from here could rewind its progress.
 */
final class PartitionTracker {

	private static final Logger log = LoggerFactory.getLogger(PartitionTracker.class);

	private final String groupId;

	private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();

	private final Map<TopicPartition, ReceiverOffset> lastAcknowledged = new ConcurrentHashMap<>();

	/** The highest offset whose handling started, per partition. */
	private final Map<TopicPartition, Long> highestStarted = new ConcurrentHashMap<>();

	PartitionTracker(String groupId) {
		this.groupId = groupId;
	}

	boolean owns(TopicPartition partition) {
		return this.assigned.contains(partition);
	}

	void acknowledge(ReceiverOffset offset) {
		if (owns(offset.topicPartition())) {
			offset.acknowledge();
			this.lastAcknowledged.put(offset.topicPartition(), offset);
		}
	}

	/** Records that the handling of a record started. */
	void started(TopicPartition partition, long offset) {
		this.highestStarted.merge(partition, offset, Math::max);
	}

	/**
	 * Whether a later record of the partition is (or was) being handled: with several
	 * records of a partition at once, the offset commit cannot pass this one until it is
	 * handled too.
	 */
	boolean startedBeyond(TopicPartition partition, long offset) {
		Long highest = this.highestStarted.get(partition);
		return highest != null && highest > offset;
	}

	void onAssigned(Collection<ReceiverPartition> partitions) {
		partitions.forEach((partition) -> this.assigned.add(partition.topicPartition()));
		log.info("Group {} assigned {}", this.groupId, names(partitions));
	}

	void onRevoked(Collection<ReceiverPartition> partitions) {
		for (ReceiverPartition partition : partitions) {
			this.assigned.remove(partition.topicPartition());
			this.highestStarted.remove(partition.topicPartition());
			ReceiverOffset last = this.lastAcknowledged.remove(partition.topicPartition());
			if (last != null) {
				// Usually committed by the receiver already; this covers acknowledgements
				// since.
				last.commit()
					.subscribe(null, (ex) -> log.debug("Commit on revoke of {} failed: {}", last.topicPartition(),
							ex.toString()));
			}
		}
		log.info("Group {} revoked {}", this.groupId, names(partitions));
	}

	/** Commits whatever was acknowledged and not committed yet. */
	Mono<Void> commitAcknowledged() {
		return Flux.fromIterable(this.lastAcknowledged.values()).flatMap(ReceiverOffset::commit).then();
	}

	Set<Integer> partitions() {
		return this.assigned.stream().map(TopicPartition::partition).collect(Collectors.toSet());
	}

	void clear() {
		this.assigned.clear();
		this.lastAcknowledged.clear();
		this.highestStarted.clear();
	}

	private static String names(Collection<ReceiverPartition> partitions) {
		return partitions.stream()
			.map((partition) -> partition.topicPartition().toString())
			.sorted()
			.collect(Collectors.joining(", "));
	}

}
