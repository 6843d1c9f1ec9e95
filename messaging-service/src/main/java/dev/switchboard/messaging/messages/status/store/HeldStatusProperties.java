package dev.switchboard.messaging.messages.status.store;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long statuses wait for their message's wamid.
 *
 * @param retention how long a held status is kept before housekeeping deletes it; a
 * message is sent within its attempt window (24 h), so a status held longer belongs to a
 * message this service did not send (another app on the same number) and is kept only for
 * diagnosis
 */
@Validated
@ConfigurationProperties("switchboard.messaging.held-statuses")
public record HeldStatusProperties(@DefaultValue("7d") @NotNull Duration retention) {
}
