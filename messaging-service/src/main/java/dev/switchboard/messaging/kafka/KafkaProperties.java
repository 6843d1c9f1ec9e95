package dev.switchboard.messaging.kafka;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where Kafka is and how this service talks to it.
 *
 * @param bootstrapServers comma separated host:port list of the brokers
 * @param clientId client id prefix of every producer and consumer of this service
 * @param deliveryTimeout longest wait for the broker to acknowledge a publish
 * @param ensureTopics whether the service creates the topics it uses when they are
 * missing (handy locally; production topics are provisioned up front)
 */
@Validated
@ConfigurationProperties("switchboard.kafka")
public record KafkaProperties(@NotBlank String bootstrapServers,
		@DefaultValue("messaging-service") @NotBlank String clientId,
		@DefaultValue("30s") @NotNull Duration deliveryTimeout, @DefaultValue("true") boolean ensureTopics) {
}
