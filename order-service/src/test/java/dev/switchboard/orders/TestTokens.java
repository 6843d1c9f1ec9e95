package dev.switchboard.orders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Internal identity tokens as the gateway mints them, for tests. */
final class TestTokens {

	/** The local profile's internal token secret. */
	static final String LOCAL_SECRET = "local-internal-token-secret-0123456789abcdef";

	private TestTokens() {
	}

	/** {@code Bearer <jws>} for a tenant's key with the given scopes. */
	static String bearer(String tenantId, String scope) {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(tenantId + "key1")
			.issuer("switchboard-gateway")
			.audience(List.of("switchboard-services"))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(60)))
			.claim("tenant_id", tenantId)
			.claim("key_id", tenantId + "key1")
			.claim("scope", scope)
			.claim("request_id", "test-request")
			.build();
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
			jwt.sign(new MACSigner(LOCAL_SECRET.getBytes(StandardCharsets.UTF_8)));
			return "Bearer " + jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
