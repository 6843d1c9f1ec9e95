package dev.switchboard.events.kafka.boot;

import java.time.Duration;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.EventConsumerBuilder;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.KafkaSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

/**
 * Consumer builders preconfigured with the service's Kafka settings, its dead-letter
 * publisher and its topic creation policy; declare the result as a bean and it is started
 * with the application.
 */
public final class EventConsumers {

	private final KafkaSettings settings;

	private final EventPublisher deadLetters;

	private final EventsKafkaProperties properties;

	private final ObservationRegistry observations;

	private final MeterRegistry meters;

	EventConsumers(KafkaSettings settings, EventPublisher deadLetters, EventsKafkaProperties properties,
			ObservationRegistry observations, MeterRegistry meters) {
		this.settings = settings;
		this.deadLetters = deadLetters;
		this.properties = properties;
		this.observations = observations;
		this.meters = meters;
	}

	public <T> EventConsumerBuilder<T> builder(Topic topic, String groupId, Class<T> payload) {
		EventConsumerBuilder<T> builder = EventConsumer.builder(this.settings, topic, groupId, payload)
			.dlqPublisher(this.deadLetters)
			.createTopics(this.properties.createTopics())
			.handlerTimeout(this.properties.handlerTimeout())
			.stallTimeout(this.properties.stallTimeout(), stallCheckInterval(this.properties.stallTimeout()))
			.infrastructureBackoff(this.properties.infrastructureBackoff(), this.properties.maxInfrastructureBackoff())
			.observationRegistry(this.observations);
		return (this.meters != null) ? builder.meterRegistry(this.meters) : builder;
	}

	/** A few checks per stall timeout, at most every 5 s. */
	private static Duration stallCheckInterval(Duration stallTimeout) {
		long millis = Math.max(100, Math.min(5_000, stallTimeout.toMillis() / 6));
		return Duration.ofMillis(millis);
	}

}
