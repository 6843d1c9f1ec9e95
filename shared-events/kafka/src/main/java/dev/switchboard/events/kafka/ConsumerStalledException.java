package dev.switchboard.events.kafka;

import java.time.Duration;

/**
 * Records waited in a consumer's partitions while nothing was handled: the receiver is
 * restarted from the committed offsets.
 */
final class ConsumerStalledException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	ConsumerStalledException(String topic, String groupId, Duration stallTimeout) {
		super("Consumer of " + topic + " in group " + groupId + " handled nothing for " + stallTimeout
				+ " while records waited; restarting it");
	}

}
