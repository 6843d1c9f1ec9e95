package dev.switchboard.gateway.identity;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InternalTokenIssuerTest {

	private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

	private final InternalTokenIssuer issuer = issuer(IdentityKeys.LOCAL);

	@Test
	void signsWithTheActiveKeyNamedByItsKid() throws ParseException, JOSEException {
		SignedJWT jwt = SignedJWT.parse(issue(this.issuer));

		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		assertThat(jwt.getHeader().getKeyID()).isEqualTo("local-1");
		assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
		assertThat(jwt.verify(new ECDSAVerifier(publicKey(this.issuer, "local-1")))).isTrue();
		assertThat(jwt.verify(new ECDSAVerifier(publicKey(issuer(IdentityKeys.NEXT), "next-1")))).isFalse();
	}

	@Test
	void carriesTheServiceTenantKeyScopesAndRequest() throws ParseException {
		JWTClaimsSet claims = SignedJWT.parse(issue(this.issuer)).getJWTClaimsSet();

		assertThat(claims.getIssuer()).isEqualTo("switchboard-gateway");
		assertThat(claims.getAudience()).containsExactly("order-service");
		assertThat(claims.getSubject()).isEqualTo("00000000-0000-4000-8000-00000000de01");
		assertThat(claims.getStringClaim("tenant_id")).isEqualTo("demo");
		assertThat(claims.getStringClaim("key_id")).isEqualTo("00000000-0000-4000-8000-00000000de01");
		assertThat(claims.getStringClaim("scope")).isEqualTo("messages:send messages:read");
		assertThat(claims.getStringClaim("request_id")).isEqualTo("req-1");
	}

	@Test
	void expiresAfterSixtySecondsAtMost() throws ParseException {
		JWTClaimsSet claims = SignedJWT.parse(issue(this.issuer)).getJWTClaimsSet();

		assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW);
		assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plusSeconds(60));
		assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
			.isLessThanOrEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void duringARotationTheFirstKeySignsAndBothArePublished() throws ParseException, JOSEException {
		InternalTokenIssuer rotating = issuer(IdentityKeys.NEXT + "," + IdentityKeys.LOCAL);
		SignedJWT jwt = SignedJWT.parse(issue(rotating));

		assertThat(jwt.getHeader().getKeyID()).isEqualTo("next-1");
		assertThat(jwt.verify(new ECDSAVerifier(publicKey(rotating, "next-1")))).isTrue();
		JWKSet published = rotating.publicKeys();
		assertThat(published.getKeys()).extracting((key) -> key.getKeyID()).containsExactly("next-1", "local-1");
		assertThat(published.getKeys()).noneMatch((key) -> key.isPrivate());
		assertThat(published.toString()).doesNotContain("\"d\"");
	}

	private static InternalTokenIssuer issuer(String keys) {
		return new InternalTokenIssuer(new InternalTokenProperties(keys, Duration.ofSeconds(60), "switchboard-gateway"),
				Clock.fixed(NOW, ZoneOffset.UTC));
	}

	private static ECKey publicKey(InternalTokenIssuer issuer, String kid) {
		return (ECKey) issuer.publicKeys().getKeyByKeyId(kid);
	}

	private static String issue(InternalTokenIssuer issuer) {
		return issuer.issue("order-service", "demo", "00000000-0000-4000-8000-00000000de01",
				List.of("messages:send", "messages:read"), "req-1");
	}

}
