package dev.switchboard.http.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWK;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Verifies the gateway's internal identity token: an ES256 signature by one of the
 * gateway's trusted keys, named by its {@code kid}; expiry, issue time (at most
 * {@link #MAX_LIFETIME} apart), issuer, this service's audience and a tenant.
 */
public final class InternalTokens {

	/** Claim naming the caller's tenant: the only source of the tenant. */
	public static final String TENANT_ID = "tenant_id";

	/** Claim naming the API key the gateway authenticated. */
	public static final String KEY_ID = "key_id";

	/**
	 * Claim naming the agent (a tenant user) the API key is bound to; absent for a key
	 * acting for the whole tenant.
	 */
	public static final String AGENT_ID = "agent_id";

	/**
	 * Claim naming the role the key's agent binding was given (with {@link #AGENT_ID}).
	 */
	public static final String ROLE = "role";

	/** The longest a token may live from issue to expiry. */
	public static final Duration MAX_LIFETIME = Duration.ofSeconds(60);

	private InternalTokens() {
	}

	/** A decoder for the gateway's tokens; without public keys it refuses every token. */
	public static ReactiveJwtDecoder decoder(InternalTokenProperties properties) {
		if (!properties.hasPublicKeys()) {
			return (token) -> Mono.error(new BadJwtException("No internal token public keys are configured"));
		}
		List<JWK> keys = properties.trustedKeys();
		// Only the key the token names: a token without a kid, or with an unknown one,
		// finds no key and is refused.
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
			.withJwkSource(
					(jwt) -> Flux.fromIterable(keys).filter((key) -> key.getKeyID().equals(jwt.getHeader().getKeyID())))
			.jwsAlgorithm(SignatureAlgorithm.ES256)
			.build();
		decoder.setClaimSetConverter(requiringIssueTime());
		decoder.setJwtValidator(validator(properties));
		return decoder;
	}

	/**
	 * Spring takes a token without {@code iat} as issued a second before it expires,
	 * which would let such a token live as long as it likes: one without is refused.
	 */
	private static Converter<Map<String, Object>, Map<String, Object>> requiringIssueTime() {
		MappedJwtClaimSetConverter defaults = MappedJwtClaimSetConverter.withDefaults(Map.of());
		return (claims) -> {
			if (claims.get(JwtClaimNames.IAT) == null) {
				throw new BadJwtException("The token has no issue time");
			}
			return defaults.convert(claims);
		};
	}

	static OAuth2TokenValidator<Jwt> validator(InternalTokenProperties properties) {
		OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
				(aud) -> aud != null && aud.contains(properties.audience()));
		OAuth2TokenValidator<Jwt> tenant = (jwt) -> {
			String tenantId = jwt.getClaimAsString(TENANT_ID);
			return (tenantId != null && !tenantId.isBlank()) ? OAuth2TokenValidatorResult.success()
					: invalid("The token names no tenant");
		};
		// The gateway's tokens live at most 60 s: one without an expiry, or meant to
		// live longer, is not one of them.
		OAuth2TokenValidator<Jwt> shortLived = (jwt) -> {
			if (jwt.getExpiresAt() == null || jwt.getIssuedAt() == null) {
				return invalid("The token has no expiry or issue time");
			}
			return (Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt()).compareTo(MAX_LIFETIME) <= 0)
					? OAuth2TokenValidatorResult.success() : invalid("The token lives longer than " + MAX_LIFETIME);
		};
		return new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(properties.issuer()),
				audience, tenant, shortLived);
	}

	private static OAuth2TokenValidatorResult invalid(String description) {
		return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", description, null));
	}

}
