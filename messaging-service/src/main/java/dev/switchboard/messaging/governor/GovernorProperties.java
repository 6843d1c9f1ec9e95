package dev.switchboard.messaging.governor;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The throughput governor, shared by every instance through Redis.
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
public record GovernorProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("6s") @NotNull Duration pairInterval, @DefaultValue("45") @Min(1) int pairBurst,
		@DefaultValue("sb:gov:") @NotNull String keyPrefix, @DefaultValue("1s") @NotNull Duration redisTimeout) {
}
