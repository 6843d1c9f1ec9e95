package dev.switchboard.messaging.pacing;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The pacing of sends ({@link SendPacer}), shared by every instance through Redis. The
 * prefix and the Redis keys keep the pacer's former name, governor: deployments set these
 * properties, and instances of either version pace a number together while they run side
 * by side.
 *
 * @param enabled whether sends are paced at all
 * @param pairInterval Meta's pair rate: one message to the same recipient per interval
 * @param pairBurst how many messages to one recipient may go at once before the pair rate
 * applies (Meta: up to 45 in 6 s)
 * @param keyPrefix prefix of the Redis keys
 * @param redisTimeout longest wait for Redis before a send goes unpaced
 */
@Validated
@ConfigurationProperties("switchboard.messaging.governor")
public record SendPacingProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("6s") @NotNull Duration pairInterval, @DefaultValue("45") @Min(1) int pairBurst,
		@DefaultValue("sb:gov:") @NotNull String keyPrefix, @DefaultValue("1s") @NotNull Duration redisTimeout) {
}
