package dev.switchboard.gateway.tenants;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Keys that encrypt tenant secrets at rest.
 *
 * @param keys {@code id:base64-32-bytes[,id:base64]}, the first encrypts new secrets, the
 * others still decrypt older ones (rotation); never logged
 */
@Validated
@ConfigurationProperties("switchboard.secrets")
record SecretsProperties(@NotBlank String keys) {

	@Override
	public String toString() {
		return "SecretsProperties[keys=******]";
	}

}
