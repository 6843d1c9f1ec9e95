package dev.switchboard.gateway;

import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;

/**
 * Verifies an internal identity token the way the services do: Spring Security's Nimbus
 * decoder with the shared secret, issuer and audience validators.
 */
final class ServiceSideTokenVerifier {

	static final String LOCAL_SECRET = "local-internal-token-secret-0123456789abcdef";

	private ServiceSideTokenVerifier() {
	}

	/**
	 * Decodes and validates a token; fails when the signature, issuer, audience or expiry
	 * is wrong.
	 * @param token the compact JWS
	 * @return the verified token
	 */
	static Jwt verify(String token) {
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
			.withSecretKey(new SecretKeySpec(LOCAL_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				JwtValidators.createDefaultWithIssuer("switchboard-gateway"), new JwtClaimValidator<List<String>>("aud",
						(audience) -> audience != null && audience.contains("switchboard-services"))));
		return decoder.decode(token).block();
	}

}
