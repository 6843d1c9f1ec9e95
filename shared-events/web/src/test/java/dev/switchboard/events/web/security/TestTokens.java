package dev.switchboard.events.web.security;

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

/**
 * Internal identity tokens as the gateway mints them, for tests (shipped in this module's
 * test-jar).
 */
public final class TestTokens {

	/** The local profile's internal token secret. */
	public static final String LOCAL_SECRET = "local-internal-token-secret-0123456789abcdef";

	private TestTokens() {
	}

	/**
	 * {@code Bearer <jws>} for a tenant's key with the given scopes, signed with the
	 * local secret.
	 */
	public static String bearer(String tenantId, String scope) {
		return "Bearer " + jws(LOCAL_SECRET,
				(claims) -> claims.subject(tenantId + "key1")
					.claim("tenant_id", tenantId)
					.claim("key_id", tenantId + "key1")
					.claim("scope", scope));
	}

	/**
	 * A compact JWS like the gateway's (tenant {@code demo}, key {@code demokey1}, 60 s)
	 * after the customizer changed its claims.
	 */
	public static String jws(String secret, UnaryOperator<JWTClaimsSet.Builder> customizer) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("demokey1")
			.issuer("switchboard-gateway")
			.audience(List.of("switchboard-services"))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(60)))
			.claim("tenant_id", "demo")
			.claim("key_id", "demokey1")
			.claim("scope", "messages:send messages:read")
			.claim("request_id", "test-request");
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
