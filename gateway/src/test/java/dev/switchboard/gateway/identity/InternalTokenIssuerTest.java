package dev.switchboard.gateway.identity;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InternalTokenIssuerTest {

	private static final String SECRET = "local-internal-token-secret-0123456789abcdef";

	private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

	private final InternalTokenIssuer issuer = new InternalTokenIssuer(
			new InternalTokenProperties(SECRET, Duration.ofSeconds(60), "switchboard-gateway", "switchboard-services"),
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void signsWithTheSharedSecret() throws ParseException, JOSEException {
		SignedJWT jwt = SignedJWT.parse(issue());

		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
		assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
		assertThat(jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
		assertThat(jwt.verify(new MACVerifier("another-secret-another-secret-another-secret"))).isFalse();
	}

	@Test
	void carriesTenantKeyScopesAndRequest() throws ParseException {
		JWTClaimsSet claims = SignedJWT.parse(issue()).getJWTClaimsSet();

		assertThat(claims.getIssuer()).isEqualTo("switchboard-gateway");
		assertThat(claims.getAudience()).containsExactly("switchboard-services");
		assertThat(claims.getSubject()).isEqualTo("00000000-0000-4000-8000-00000000de01");
		assertThat(claims.getStringClaim("tenant_id")).isEqualTo("demo");
		assertThat(claims.getStringClaim("key_id")).isEqualTo("00000000-0000-4000-8000-00000000de01");
		assertThat(claims.getStringClaim("scope")).isEqualTo("messages:send messages:read");
		assertThat(claims.getStringClaim("request_id")).isEqualTo("req-1");
	}

	@Test
	void expiresAfterSixtySeconds() throws ParseException {
		JWTClaimsSet claims = SignedJWT.parse(issue()).getJWTClaimsSet();

		assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW);
		assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plusSeconds(60));
	}

	private String issue() {
		return this.issuer.issue("demo", "00000000-0000-4000-8000-00000000de01",
				List.of("messages:send", "messages:read"), "req-1");
	}

}
