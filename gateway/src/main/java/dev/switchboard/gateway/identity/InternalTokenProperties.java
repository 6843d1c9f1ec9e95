package dev.switchboard.gateway.identity;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway signs the identity token it forwards to the services. The audience of
 * each token is the service of its route ({@code ApiKey} filter).
 *
 * @param signingKeys the gateway's ES256 private keys, {@code kid:base64-PKCS8} (or PEM)
 * separated by commas; the first signs, the others are published too (rotation); held by
 * the gateway only and never logged
 * @param ttl how long a token is valid after it was issued, at most 60 s
 * @param issuer {@code iss} claim, which the services check
 */
@Validated
@ConfigurationProperties("switchboard.internal-token")
public record InternalTokenProperties(@NotBlank String signingKeys, @DefaultValue("60s") Duration ttl,
		@DefaultValue("switchboard-gateway") @NotBlank String issuer) {

	/** Services refuse tokens meant to live longer. */
	static final Duration MAX_TTL = Duration.ofSeconds(60);

	public InternalTokenProperties {
		if (signingKeys != null && !signingKeys.isBlank()) {
			SigningKeys.parse(signingKeys);
		}
		if (ttl != null && (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0)) {
			throw new IllegalArgumentException(
					"switchboard.internal-token.ttl must be positive and at most " + MAX_TTL + ", was " + ttl);
		}
	}

	SigningKeys keys() {
		return SigningKeys.parse(this.signingKeys);
	}

	@Override
	public String toString() {
		return "InternalTokenProperties[signingKeys=******, ttl=" + this.ttl + ", issuer=" + this.issuer + "]";
	}

}
