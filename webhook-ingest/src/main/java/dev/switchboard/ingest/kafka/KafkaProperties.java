package dev.switchboard.ingest.kafka;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where Kafka is and how long to wait for it.
 *
 * @param bootstrapServers comma separated host:port list (env
 * {@code SWITCHBOARD_KAFKA_BOOTSTRAP})
 * @param clientId client id prefix of this service's Kafka clients
 * @param deliveryTimeout upper bound for one publish until the broker acknowledged it
 * @param topicSetupTimeout how long start-up waits for the topics to exist before it goes
 * on without them
 */
@Validated
@ConfigurationProperties("switchboard.kafka")
record KafkaProperties(@NotBlank String bootstrapServers, @NotBlank String clientId, @NotNull Duration deliveryTimeout,
		@NotNull Duration topicSetupTimeout) {

	KafkaProperties {
		bootstrapServers = (bootstrapServers != null) ? bootstrapServers : "localhost:9092";
		clientId = (clientId != null) ? clientId : "webhook-ingest";
		deliveryTimeout = (deliveryTimeout != null) ? deliveryTimeout : Duration.ofSeconds(30);
		topicSetupTimeout = (topicSetupTimeout != null) ? topicSetupTimeout : Duration.ofSeconds(15);
	}

}
