package dev.switchboard.ingest.security;

import java.nio.charset.StandardCharsets;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway's internal identity token is verified on {@code /api/**} (the original
 * order system's compatibility path).
 *
 * @param secret HMAC-SHA256 key shared with the gateway, at least 32 bytes; never logged;
 * without one every {@code /api/**} request is refused
 * @param issuer required {@code iss} claim
 * @param audience required entry of the {@code aud} claim
 */
@Validated
@ConfigurationProperties("switchboard.internal-token")
public record InternalTokenProperties(String secret, String issuer, String audience) {

	/** HS256 needs a key at least as long as its hash. */
	static final int MIN_SECRET_BYTES = 32;

	public InternalTokenProperties {
		secret = (secret != null && !secret.isBlank()) ? secret : null;
		issuer = (issuer != null) ? issuer : "switchboard-gateway";
		audience = (audience != null) ? audience : "switchboard-services";
		if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
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
