package dev.switchboard.messaging.security;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class InternalTokensTest {

	private static final String SECRET = "test-internal-token-secret-0123456789abcdef";

	private final ReactiveJwtDecoder decoder = InternalTokens
		.decoder(new InternalTokenProperties(SECRET, "switchboard-gateway", "switchboard-services"));

	@Test
	void theGatewaysTokenNamesTheCaller() {
		Jwt jwt = this.decoder.decode(token(SECRET, UnaryOperator.identity())).block();
		Caller caller = Caller.of(jwt);
		assertThat(caller.tenantId()).isEqualTo("demo");
		assertThat(caller.keyId()).isEqualTo("demokey1");
		assertThat(jwt.getClaimAsString("scope")).isEqualTo("messages:send messages:read");
	}

	@Test
	void aTokenSignedWithAnotherSecretIsRefused() {
		assertRefused(token("another-secret-that-is-long-enough-0123456789", UnaryOperator.identity()));
	}

	@Test
	void theWrongIssuerIsRefused() {
		assertRefused(token(SECRET, (claims) -> claims.issuer("someone-else")));
	}

	@Test
	void theWrongAudienceIsRefused() {
		assertRefused(token(SECRET, (claims) -> claims.audience("another-audience")));
	}

	@Test
	void anExpiredTokenIsRefused() {
		assertRefused(token(SECRET, (claims) -> claims.expirationTime(Date.from(Instant.now().minusSeconds(300)))));
	}

	@Test
	void aTokenWithoutExpiryIsRefused() {
		assertRefused(token(SECRET, (claims) -> claims.expirationTime(null)));
	}

	@Test
	void aTokenWithoutTenantIsRefused() {
		assertRefused(token(SECRET, (claims) -> claims.claim("tenant_id", null)));
	}

	@Test
	void shortSecretsAreRefusedAtStartUp() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new InternalTokenProperties("too-short", "switchboard-gateway", "switchboard-services"));
	}

	@Test
	void theSecretNeverShowsInToString() {
		assertThat(new InternalTokenProperties(SECRET, "i", "a").toString()).doesNotContain(SECRET);
	}

	private void assertRefused(String token) {
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.decoder.decode(token).block());
	}

	private static String token(String secret, UnaryOperator<JWTClaimsSet.Builder> customizer) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("demokey1")
			.issuer("switchboard-gateway")
			.audience(List.of("switchboard-services"))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(60)))
			.claim("tenant_id", "demo")
			.claim("key_id", "demokey1")
			.claim("scope", "messages:send messages:read")
			.claim("request_id", "req-1");
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), customizer.apply(claims).build());
			jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
