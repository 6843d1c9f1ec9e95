package dev.switchboard.messaging.windows;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The customer-service window.
 *
 * @param enforced whether free-form messages outside the window are refused (422
 * {@code OUTSIDE_SERVICE_WINDOW}) before any provider call
 * @param duration how long a contact's message keeps the window open (Meta: 24 h)
 */
@Validated
@ConfigurationProperties("switchboard.messaging.service-window")
public record ServiceWindowProperties(@DefaultValue("true") boolean enforced,
		@DefaultValue("24h") @NotNull Duration duration) {
}
