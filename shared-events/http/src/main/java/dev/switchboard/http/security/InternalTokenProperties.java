package dev.switchboard.http.security;

import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway's internal identity token is verified: ES256 signatures by the
 * gateway's keys only, this service's own audience.
 *
 * @param publicKeys the gateway's public keys this service trusts: a JWKS document or
 * {@code kid:base64-SPKI} entries separated by commas; two while the gateway's key
 * rotates
 * @param issuer required {@code iss} claim
 * @param audience required entry of the {@code aud} claim: this service's own name, so
 * that a token the gateway issued for another service is refused here
 * @param required whether start-up fails without public keys; a service that guards only
 * some routes with the token may turn it off, and then refuses those routes
 */
@Validated
@ConfigurationProperties("switchboard.internal-token")
public record InternalTokenProperties(String publicKeys, @DefaultValue("switchboard-gateway") @NotBlank String issuer,
		@NotBlank String audience, @DefaultValue("true") boolean required) {

	public InternalTokenProperties {
		publicKeys = (publicKeys != null && !publicKeys.isBlank()) ? publicKeys : null;
		if (publicKeys == null && required) {
			throw new IllegalArgumentException("switchboard.internal-token.public-keys is required (the gateway's "
					+ "public keys, kid:base64-SPKI[,...] or a JWKS; env SWITCHBOARD_INTERNAL_TOKEN_PUBLIC_KEYS)");
		}
		if (publicKeys != null) {
			TrustedKeys.parse(publicKeys);
		}
	}

	/** Required public keys, default issuer. */
	public static InternalTokenProperties of(String publicKeys, String audience) {
		return new InternalTokenProperties(publicKeys, "switchboard-gateway", audience, true);
	}

	boolean hasPublicKeys() {
		return this.publicKeys != null;
	}

	List<JWK> trustedKeys() {
		return TrustedKeys.parse(this.publicKeys);
	}

}
