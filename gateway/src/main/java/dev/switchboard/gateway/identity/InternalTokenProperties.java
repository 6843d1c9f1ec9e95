package dev.switchboard.gateway.identity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway signs the identity token it forwards to the services.
 *
 * @param secret HMAC key shared with the services (HS256), at least 32 bytes; never
 * logged
 * @param ttl how long a token is valid after it was issued
 * @param issuer {@code iss} claim, which the services check
 * @param audience {@code aud} claim, which the services check
 */
@Validated
@ConfigurationProperties("switchboard.internal-token")
public record InternalTokenProperties(@NotBlank String secret, @DefaultValue("60s") Duration ttl,
		@DefaultValue("switchboard-gateway") @NotBlank String issuer,
		@DefaultValue("switchboard-services") @NotBlank String audience) {

	/** HS256 needs a key of at least 256 bits. */
	static final int MIN_SECRET_BYTES = 32;

	public InternalTokenProperties {
		if (secret != null && !secret.isBlank() && secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
			throw new IllegalArgumentException("switchboard.internal-token.secret must be at least " + MIN_SECRET_BYTES
					+ " bytes long for HS256 (set SWITCHBOARD_INTERNAL_TOKEN_SECRET)");
		}
		if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
			throw new IllegalArgumentException("switchboard.internal-token.ttl must be positive, was " + ttl);
		}
	}

	@Override
	public String toString() {
		return "InternalTokenProperties[secret=******, ttl=" + this.ttl + ", issuer=" + this.issuer + ", audience="
				+ this.audience + "]";
	}

}
