package dev.switchboard.gateway.web;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what callers may send.
 *
 * @param maxBodySize largest request body accepted; larger ones get 413
 */
@Validated
@ConfigurationProperties("switchboard.http")
record HttpLimitsProperties(@DefaultValue("1MB") @NotNull DataSize maxBodySize) {
}
