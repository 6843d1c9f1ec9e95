package dev.switchboard.messaging.kafka;

import dev.switchboard.events.kafka.EventSubscription;

/**
 * A Kafka consumer of a feature, started once the application is ready to work and closed
 * before the database and the publisher go away.
 */
@FunctionalInterface
public interface ManagedConsumer {

	/** Starts consuming in the background. */
	EventSubscription start();

}
