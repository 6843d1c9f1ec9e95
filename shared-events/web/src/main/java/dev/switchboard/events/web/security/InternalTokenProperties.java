package dev.switchboard.events.web.security;

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
 * @param required whether start-up fails without a secret; a service that guards only
 * some routes with the token may turn it off, and then refuses those routes
 */
@Validated
@ConfigurationProperties("switchboard.internal-token")
public record InternalTokenProperties(String secret, @DefaultValue("switchboard-gateway") @NotBlank String issuer,
		@DefaultValue("switchboard-services") @NotBlank String audience, @DefaultValue("true") boolean required) {

	/** HS256 needs a key at least as long as its hash. */
	static final int MIN_SECRET_BYTES = 32;

	public InternalTokenProperties {
		secret = (secret != null && !secret.isBlank()) ? secret : null;
		if (secret == null && required) {
			throw new IllegalArgumentException("switchboard.internal-token.secret is required (at least "
					+ MIN_SECRET_BYTES + " bytes, shared with the gateway)");
		}
		if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
			throw new IllegalArgumentException(
					"switchboard.internal-token.secret must be at least " + MIN_SECRET_BYTES + " bytes long");
		}
	}

	/** Required secret, default issuer and audience. */
	public static InternalTokenProperties of(String secret) {
		return new InternalTokenProperties(secret, "switchboard-gateway", "switchboard-services", true);
	}

	boolean hasSecret() {
		return this.secret != null;
	}

	byte[] secretBytes() {
		return this.secret.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "InternalTokenProperties[secret=***, issuer=" + this.issuer + ", audience=" + this.audience
				+ ", required=" + this.required + "]";
	}

}
