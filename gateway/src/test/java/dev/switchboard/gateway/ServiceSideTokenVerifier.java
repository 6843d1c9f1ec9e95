package dev.switchboard.gateway;

import java.text.ParseException;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import reactor.core.publisher.Flux;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;

/**
 * Verifies an internal identity token the way the services do: Spring Security's Nimbus
 * decoder with the gateway's local public key (ES256, by {@code kid}), issuer and the
 * service's own audience.
 */
final class ServiceSideTokenVerifier {

	/** The public half of the local profile's demo key, as the gateway publishes it. */
	static final String LOCAL_JWKS = "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"local-1\",\"crv\":\"P-256\","
			+ "\"x\":\"2IVgpYwIuR9jg4vghJCR2VQ8JvsqF45LO5AeCtvyoIA\",\"y\":\"WnFgLSmsKk1pndnKWCDhsaMkLifjeR4gxfANoVoUDjE\"}]}";

	private ServiceSideTokenVerifier() {
	}

	/**
	 * Decodes and validates a token; fails when the signature, key id, issuer, audience
	 * or expiry is wrong.
	 * @param token the compact JWS
	 * @param audience the service that verifies it
	 * @return the verified token
	 */
	static Jwt verify(String token, String audience) {
		List<JWK> keys = localKeys();
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
			.withJwkSource(
					(jwt) -> Flux.fromIterable(keys).filter((key) -> key.getKeyID().equals(jwt.getHeader().getKeyID())))
			.jwsAlgorithm(SignatureAlgorithm.ES256)
			.build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				JwtValidators.createDefaultWithIssuer("switchboard-gateway"), new JwtClaimValidator<List<String>>("aud",
						(granted) -> granted != null && granted.contains(audience))));
		return decoder.decode(token).block();
	}

	private static List<JWK> localKeys() {
		try {
			return JWKSet.parse(LOCAL_JWKS).getKeys();
		}
		catch (ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
