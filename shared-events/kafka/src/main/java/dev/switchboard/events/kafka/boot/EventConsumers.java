package dev.switchboard.events.kafka.boot;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.KafkaSettings;
import io.micrometer.observation.ObservationRegistry;

/**
 * Consumer builders preconfigured with the service's Kafka settings, its dead-letter
 * publisher and its topic creation policy; declare the result as a bean and it is started
 * with the application.
 */
public final class EventConsumers {

	private final KafkaSettings settings;

	private final EventPublisher deadLetters;

	private final boolean createTopics;

	private final ObservationRegistry observations;

	EventConsumers(KafkaSettings settings, EventPublisher deadLetters, boolean createTopics,
			ObservationRegistry observations) {
		this.settings = settings;
		this.deadLetters = deadLetters;
		this.createTopics = createTopics;
		this.observations = observations;
	}

	public <T> EventConsumer.Builder<T> builder(Topic topic, String groupId, Class<T> payload) {
		return EventConsumer.builder(this.settings, topic, groupId, payload)
			.dlqPublisher(this.deadLetters)
			.createTopics(this.createTopics)
			.observationRegistry(this.observations);
	}

}
