package dev.switchboard.events.web.security;

import java.time.Instant;
import java.util.Date;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class InternalTokensTest {

	private static final String SECRET = "test-internal-token-secret-0123456789abcdef";

	private final ReactiveJwtDecoder decoder = InternalTokens.decoder(InternalTokenProperties.of(SECRET));

	@Test
	void theGatewaysTokenNamesTheCaller() {
		Jwt jwt = this.decoder.decode(TestTokens.jws(SECRET, UnaryOperator.identity())).block();
		Caller caller = Caller.of(jwt);
		assertThat(caller.tenantId()).isEqualTo("demo");
		assertThat(caller.keyId()).isEqualTo("demokey1");
		assertThat(jwt.getClaimAsString("scope")).isEqualTo("messages:send messages:read");
	}

	@Test
	void aTokenSignedWithAnotherSecretIsRefused() {
		assertRefused(TestTokens.jws("another-secret-that-is-long-enough-0123456789", UnaryOperator.identity()));
	}

	@Test
	void theWrongIssuerIsRefused() {
		assertRefused(TestTokens.jws(SECRET, (claims) -> claims.issuer("someone-else")));
	}

	@Test
	void theWrongAudienceIsRefused() {
		assertRefused(TestTokens.jws(SECRET, (claims) -> claims.audience("another-audience")));
	}

	@Test
	void anExpiredTokenIsRefused() {
		assertRefused(
				TestTokens.jws(SECRET, (claims) -> claims.expirationTime(Date.from(Instant.now().minusSeconds(300)))));
	}

	@Test
	void aTokenWithoutExpiryIsRefused() {
		assertRefused(TestTokens.jws(SECRET, (claims) -> claims.expirationTime(null)));
	}

	@Test
	void aTokenWithoutTenantIsRefused() {
		assertRefused(TestTokens.jws(SECRET, (claims) -> claims.claim("tenant_id", null)));
		assertRefused(TestTokens.jws(SECRET, (claims) -> claims.claim("tenant_id", " ")));
	}

	@Test
	void aTamperedTokenIsRefused() {
		String token = TestTokens.jws(SECRET, UnaryOperator.identity());
		String other = TestTokens.jws(SECRET, (claims) -> claims.claim("tenant_id", "acme"));
		String[] parts = token.split("\\.");
		String forged = parts[0] + "." + other.split("\\.")[1] + "." + parts[2];
		assertRefused(forged);
	}

	@Test
	void withoutASecretEveryTokenIsRefused() {
		ReactiveJwtDecoder refusing = InternalTokens
			.decoder(new InternalTokenProperties(null, "switchboard-gateway", "switchboard-services", false));
		assertThatExceptionOfType(JwtException.class)
			.isThrownBy(() -> refusing.decode(TestTokens.jws(SECRET, UnaryOperator.identity())).block());
	}

	@Test
	void aRequiredSecretMustBeThereAndLongEnough() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new InternalTokenProperties(" ", "switchboard-gateway", "switchboard-services", true))
			.withMessageContaining("switchboard.internal-token.secret");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> InternalTokenProperties.of("too-short"));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new InternalTokenProperties("too-short", "i", "a", false));
	}

	@Test
	void theSecretNeverShowsInToString() {
		assertThat(InternalTokenProperties.of(SECRET).toString()).doesNotContain(SECRET);
	}

	private void assertRefused(String token) {
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.decoder.decode(token).block());
	}

}
