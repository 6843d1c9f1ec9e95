package dev.switchboard.events.kafka.boot;

import java.util.List;

import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.KafkaSettings;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Gives every service the same Kafka plumbing: one {@link KafkaSettings}, one idempotent
 * {@link EventPublisher}, and a lifecycle that starts every {@link EventConsumer} bean
 * once the application is ready and stops it (committing what was processed) on shutdown.
 */
@AutoConfiguration
@ConditionalOnClass(EventPublisher.class)
@EnableConfigurationProperties(EventsKafkaProperties.class)
public class EventsKafkaAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	KafkaSettings kafkaSettings(EventsKafkaProperties properties, Environment environment) {
		String clientId = environment.getProperty("spring.application.name", "switchboard");
		return new KafkaSettings(properties.bootstrapServers(), clientId)
			.withDeliveryTimeout(properties.deliveryTimeout());
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	EventPublisher eventPublisher(KafkaSettings settings) {
		return new EventPublisher(settings);
	}

	@Bean
	@ConditionalOnMissingBean
	EventConsumers eventConsumers(KafkaSettings settings, EventPublisher publisher, EventsKafkaProperties properties) {
		return new EventConsumers(settings, publisher, properties.createTopics());
	}

	@Bean
	EventConsumersLifecycle eventConsumersLifecycle(ObjectProvider<EventConsumer<?>> consumers) {
		return new EventConsumersLifecycle(() -> List.copyOf(consumers.orderedStream().toList()));
	}

}
