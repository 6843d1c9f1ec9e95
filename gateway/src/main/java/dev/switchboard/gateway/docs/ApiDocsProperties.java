package dev.switchboard.gateway.docs;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the services' OpenAPI documents are.
 *
 * @param services service name → base URL; each serves its document at
 * {@code /v3/api-docs}
 * @param timeout how long fetching one document may take
 */
@Validated
@ConfigurationProperties("switchboard.api-docs")
record ApiDocsProperties(@NotNull Map<String, String> services, @DefaultValue("3s") @NotNull Duration timeout) {
}
