package dev.switchboard.events.web.security;

import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Verifies the gateway's internal identity token: HS256 signature, expiry (required),
 * issuer, audience and a tenant.
 */
public final class InternalTokens {

	/** Claim naming the caller's tenant: the only source of the tenant. */
	public static final String TENANT_ID = "tenant_id";

	/** Claim naming the API key the gateway authenticated. */
	public static final String KEY_ID = "key_id";

	private InternalTokens() {
	}

	/** A decoder for the gateway's tokens; without a secret it refuses every token. */
	public static ReactiveJwtDecoder decoder(InternalTokenProperties properties) {
		if (!properties.hasSecret()) {
			return (token) -> Mono.error(new BadJwtException("No internal token secret is configured"));
		}
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
			.withSecretKey(new SecretKeySpec(properties.secretBytes(), "HmacSHA256"))
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
		decoder.setJwtValidator(validator(properties));
		return decoder;
	}

	static OAuth2TokenValidator<Jwt> validator(InternalTokenProperties properties) {
		OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
				(aud) -> aud != null && aud.contains(properties.audience()));
		OAuth2TokenValidator<Jwt> tenant = (jwt) -> {
			String tenantId = jwt.getClaimAsString(TENANT_ID);
			return (tenantId != null && !tenantId.isBlank()) ? OAuth2TokenValidatorResult.success()
					: OAuth2TokenValidatorResult
						.failure(new OAuth2Error("invalid_token", "The token names no tenant", null));
		};
		// The gateway's tokens live 60 s: one without an expiry is not one of them.
		OAuth2TokenValidator<Jwt> expiring = (jwt) -> (jwt.getExpiresAt() != null)
				? OAuth2TokenValidatorResult.success()
				: OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The token has no expiry", null));
		return new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(properties.issuer()),
				audience, tenant, expiring);
	}

}
