package dev.switchboard.orders.confirmation;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How confirmations are watched.
 *
 * @param stuckAfter how long a requested confirmation may go without a status before the
 * same command is published again
 * @param maxRepublishes how many times a stuck command is published again before the
 * order becomes {@code confirm_failed}
 */
@Validated
@ConfigurationProperties("switchboard.orders.confirmation")
public record ConfirmationProperties(@DefaultValue("2m") @NotNull Duration stuckAfter,
		@DefaultValue("3") @Min(0) int maxRepublishes) {
}
