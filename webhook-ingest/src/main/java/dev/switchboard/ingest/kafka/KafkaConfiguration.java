package dev.switchboard.ingest.kafka;

import java.time.Duration;
import java.util.List;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.kafka.TopicAdmin;
import dev.switchboard.events.kafka.boot.EventsKafkaProperties;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

/**
 * The Kafka publisher and the topics this service writes, from the toolkit's
 * {@code switchboard.kafka.*} settings ({@code bootstrap-servers},
 * {@code delivery-timeout}, {@code create-topics}).
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

	/** Every topic the ingest writes to. */
	static final List<Topic> WRITTEN_TOPICS = List.of(Topic.WA_STATUS);

	private static final Duration MAX_REQUEST_TIMEOUT = Duration.ofSeconds(10);

	@Bean
	KafkaSettings kafkaSettings(EventsKafkaProperties properties,
			@Value("${spring.application.name:webhook-ingest}") String clientId) {
		Duration delivery = properties.deliveryTimeout();
		// The admin client refuses a request timeout longer than its API timeout (=
		// delivery).
		Duration request = (delivery.compareTo(MAX_REQUEST_TIMEOUT) < 0) ? delivery : MAX_REQUEST_TIMEOUT;
		return new KafkaSettings(properties.bootstrapServers(), clientId).withDeliveryTimeout(delivery)
			.withRequestTimeout(request);
	}

	/** Observed, so that a webhook's trace continues into the Kafka records. */
	@Bean(destroyMethod = "close")
	EventPublisher eventPublisher(KafkaSettings settings, ObjectProvider<ObservationRegistry> observations) {
		return new EventPublisher(settings, observations.getIfAvailable(() -> ObservationRegistry.NOOP));
	}

	/**
	 * Creates missing topics before traffic is accepted (producing right after a topic is
	 * created can stall), waiting at most the delivery timeout. Kafka being down does not
	 * stop start-up: publishing then fails and webhooks are answered 503 until it is
	 * back.
	 */
	@Bean
	ApplicationRunner topicSetup(KafkaSettings settings, EventsKafkaProperties properties) {
		return (arguments) -> {
			if (!properties.createTopics()) {
				return;
			}
			try {
				TopicAdmin.ensureTopics(settings, WRITTEN_TOPICS.toArray(Topic[]::new))
					.block(properties.deliveryTimeout());
				log.info("Kafka topics ready: {}", WRITTEN_TOPICS);
			}
			catch (RuntimeException ex) {
				log.warn("Kafka topics {} not confirmed at {} ({}); publishing will fail until Kafka is reachable",
						WRITTEN_TOPICS, settings.bootstrapServers(),
						NestedExceptionUtils.getMostSpecificCause(ex).toString());
			}
		};
	}

}
