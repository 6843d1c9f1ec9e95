package dev.switchboard.messaging.inbox.conversations;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The conversation counts ({@code GET /api/v1/conversations/counts}).
 *
 * @param tenantFiguresFor how long an instance reuses a tenant's whole-inbox figures
 * (open, assigned, resolved, archived, unread, all); the calling agent's own figures are
 * always current
 */
@Validated
@ConfigurationProperties("switchboard.messaging.inbox.counts")
record CountsProperties(@DefaultValue("5s") @NotNull Duration tenantFiguresFor) {
}
