package dev.switchboard.messaging.kafka;

import java.time.Duration;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.kafka.TopicAdmin;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Kafka clients of the service: one shared publisher, consumers per feature. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	/** The topics this service reads or writes. */
	private static final Topic[] TOPICS = { Topic.MESSAGING_COMMANDS, Topic.MESSAGING_EVENTS, Topic.WA_STATUS };

	@Bean
	KafkaSettings kafkaSettings(KafkaProperties properties) {
		KafkaSettings settings = new KafkaSettings(properties.bootstrapServers(), properties.clientId())
			.withDeliveryTimeout(properties.deliveryTimeout());
		if (properties.ensureTopics()) {
			// Runs once on the start-up thread: producing right after a topic appears can
			// stall, so topics must exist (with leaders) before the first publish.
			TopicAdmin.ensureTopics(settings, TOPICS).block(properties.deliveryTimeout().plus(Duration.ofSeconds(5)));
		}
		return settings;
	}

	@Bean(destroyMethod = "close")
	EventPublisher eventPublisher(KafkaSettings settings, ObjectProvider<ObservationRegistry> observations) {
		return new EventPublisher(settings, observations.getIfAvailable(() -> ObservationRegistry.NOOP));
	}

	@Bean
	ConsumerLifecycle consumerLifecycle(ObjectProvider<ManagedConsumer> consumers) {
		return new ConsumerLifecycle(consumers.orderedStream().toList());
	}

}
