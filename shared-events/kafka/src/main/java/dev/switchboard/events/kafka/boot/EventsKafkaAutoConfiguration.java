package dev.switchboard.events.kafka.boot;

import java.util.List;
import java.util.Set;

import dev.switchboard.events.kafka.ConsumerStartCondition;
import dev.switchboard.events.kafka.DeadLetterRedrive;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.KafkaSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Gives every service the same Kafka plumbing: one {@link KafkaSettings}, one idempotent,
 * observed {@link EventPublisher}, {@link EventConsumers} to declare consumers with, and
 * a lifecycle that creates the catalog's topics and starts every {@link EventConsumer}
 * bean once the application is ready, and stops them (committing what was processed)
 * first on shutdown.
 */
@AutoConfiguration
@ConditionalOnClass(EventPublisher.class)
@EnableConfigurationProperties(EventsKafkaProperties.class)
public class EventsKafkaAutoConfiguration {

	/**
	 * The Kafka client's metrics the dashboards and alerts read; the client publishes
	 * hundreds more per consumer (per partition, per node), which would make every scrape
	 * several hundred kilobytes.
	 */
	static final Set<String> KAFKA_CLIENT_METERS_KEPT = Set.of("kafka.consumer.fetch.manager.records.lag.max",
			"kafka.consumer.fetch.manager.records.lag");

	@Bean
	MeterFilter kafkaClientMetersKept() {
		return MeterFilter
			.denyUnless((id) -> !id.getName().startsWith("kafka.") || KAFKA_CLIENT_METERS_KEPT.contains(id.getName()));
	}

	@Bean
	@ConditionalOnMissingBean
	KafkaSettings kafkaSettings(EventsKafkaProperties properties, Environment environment) {
		String clientId = environment.getProperty("spring.application.name", "switchboard");
		return new KafkaSettings(properties.bootstrapServers(), clientId)
			.withDeliveryTimeout(properties.deliveryTimeout());
	}

	/** Observed, so that a request's trace continues into the Kafka records. */
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	EventPublisher eventPublisher(KafkaSettings settings, ObjectProvider<ObservationRegistry> observations) {
		return new EventPublisher(settings, observations.getIfAvailable(() -> ObservationRegistry.NOOP));
	}

	@Bean
	@ConditionalOnMissingBean
	EventConsumers eventConsumers(KafkaSettings settings, EventPublisher publisher, EventsKafkaProperties properties,
			ObjectProvider<ObservationRegistry> observations, ObjectProvider<MeterRegistry> meters) {
		return new EventConsumers(settings, publisher, properties,
				observations.getIfAvailable(() -> ObservationRegistry.NOOP), meters.getIfAvailable());
	}

	/**
	 * Starts the consumers once every start condition (the tenant directory caught up, if
	 * the service has one) is met.
	 */
	@Bean
	EventConsumersLifecycle eventConsumersLifecycle(EventsKafkaProperties properties,
			ObjectProvider<EventConsumer<?>> consumers, ObjectProvider<ConsumerStartCondition> conditions) {
		return new EventConsumersLifecycle(properties.drainTimeout(),
				() -> List.copyOf(consumers.orderedStream().toList()),
				() -> List.copyOf(conditions.orderedStream().toList()));
	}

	/** Creates the catalog's topics first, when the service is asked to. */
	@Bean
	CatalogTopicsLifecycle catalogTopicsLifecycle(KafkaSettings settings, EventsKafkaProperties properties) {
		return new CatalogTopicsLifecycle(settings, properties.createTopics());
	}

	/**
	 * The dead-letter re-drive on the management port, for a service with consumers that
	 * exposes {@code deadletters} ({@code management.endpoints.web.exposure.include}).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
			"org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint" })
	static class DeadLettersConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(EventConsumer.class)
		@ConditionalOnAvailableEndpoint(DeadLettersEndpoint.class)
		DeadLettersEndpoint deadLettersEndpoint(KafkaSettings settings, EventPublisher publisher,
				ObjectProvider<EventConsumer<?>> consumers) {
			return new DeadLettersEndpoint(new DeadLetterRedrive(settings, publisher),
					() -> consumers.orderedStream().toList());
		}

	}

	/**
	 * Readiness DOWN until the consumers started (after the tenant directory caught up)
	 * and while a consumer holds records because infrastructure is unavailable; services
	 * add {@code eventConsumers} to their readiness group. ops-plumbing
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "eventConsumersHealthIndicator")
		EventConsumersHealthIndicator eventConsumersHealthIndicator(ObjectProvider<EventConsumer<?>> consumers,
				EventConsumersLifecycle lifecycle) {
			return new EventConsumersHealthIndicator(() -> consumers.orderedStream().toList(), lifecycle::waitingFor);
		}

	}

}
