package dev.switchboard.messaging.messages.status;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How statuses find their messages.
 *
 * @param recipientMatchWindow how far before a status a message sent without a wamid
 * (CBB) may have been accepted to be matched to it by channel and recipient
 */
@Validated
@ConfigurationProperties("switchboard.messaging.statuses")
public record StatusProperties(@DefaultValue("5m") @NotNull Duration recipientMatchWindow) {
}
