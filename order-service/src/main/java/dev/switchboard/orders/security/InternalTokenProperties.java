package dev.switchboard.orders.security;

import java.nio.charset.StandardCharsets;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway's internal identity token is verified.
 *
 * @param secret HMAC-SHA256 key shared with the gateway, at least 32 bytes; never logged
 * @param issuer required {@code iss} claim
 * @param audience required entry of the {@code aud} claim
 */
@Validated
@ConfigurationProperties("switchboard.internal-token")
public record InternalTokenProperties(@NotBlank String secret,
		@DefaultValue("switchboard-gateway") @NotBlank String issuer,
		@DefaultValue("switchboard-services") @NotBlank String audience) {

	/** HS256 needs a key at least as long as its hash. */
	static final int MIN_SECRET_BYTES = 32;

	public InternalTokenProperties {
		if (secret != null && !secret.isBlank() && secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
			throw new IllegalArgumentException(
					"switchboard.internal-token.secret must be at least " + MIN_SECRET_BYTES + " bytes long");
		}
	}

	byte[] secretBytes() {
		return this.secret.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "InternalTokenProperties[secret=***, issuer=" + this.issuer + ", audience=" + this.audience + "]";
	}

}
