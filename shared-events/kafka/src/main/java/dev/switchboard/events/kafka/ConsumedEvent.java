package dev.switchboard.events.kafka;

import dev.switchboard.events.EventEnvelope;

/**
 * An event as read from Kafka, with where it came from.
 *
 * @param <T> the payload record type
 * @param event the decoded event
 * @param topic source topic
 * @param partition source partition
 * @param offset offset in the partition
 * @param key record key, may be null
 */
public record ConsumedEvent<T>(EventEnvelope<T> event, String topic, int partition, long offset, String key) {
}
