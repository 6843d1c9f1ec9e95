package dev.switchboard.events.kafka.boot;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where a service finds Kafka.
 *
 * @param bootstrapServers comma separated {@code host:port} list
 * @param deliveryTimeout how long a publish may wait for the broker's acknowledgement
 * @param createTopics whether the service creates the topics it uses at start-up (local
 * and tests; production topics are provisioned)
 * @param handlerTimeout longest one attempt of a consumer's handler may take before it
 * counts as failed
 * @param stallTimeout how long records may wait in a consumer's partitions while nothing
 * is handled before its receiver is restarted
 * @param infrastructureBackoff first delay before a consumer retries a record whose
 * handler failed because infrastructure (PostgreSQL, Redis, a dependency) is unavailable;
 * doubled per retry with jitter. Such a record is never dead-lettered: its partition
 * waits until the infrastructure answers
 * @param maxInfrastructureBackoff longest delay between those retries, and so the longest
 * a consumer lags behind the infrastructure's recovery
 * @param drainTimeout how long the service's consumers, all at once, may take on shutdown
 * to finish the records they handle and commit their offsets; what is not finished by
 * then is read again at the next start
 */
@Validated
@ConfigurationProperties("switchboard.kafka")
public record EventsKafkaProperties(@NotBlank @DefaultValue("localhost:9092") String bootstrapServers,
		@NotNull @DefaultValue("30s") Duration deliveryTimeout, @DefaultValue("true") boolean createTopics,
		@NotNull @DefaultValue("2m") Duration handlerTimeout, @NotNull @DefaultValue("30s") Duration stallTimeout,
		@NotNull @DefaultValue("200ms") Duration infrastructureBackoff,
		@NotNull @DefaultValue("10s") Duration maxInfrastructureBackoff,
		@NotNull @DefaultValue("10s") Duration drainTimeout) {

}
