package dev.switchboard.http.security;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Internal identity tokens as the gateway mints them (ES256, with a {@code kid}), for
 * tests (shipped in this module's test-jar).
 */
public final class TestTokens {

	/** The key id of the local profile's demo key pair. */
	public static final String LOCAL_KEY_ID = "local-1";

	/**
	 * The local profile's demo public key, as services configure it
	 * ({@code switchboard.internal-token.public-keys}).
	 */
	public static final String LOCAL_PUBLIC_KEYS = LOCAL_KEY_ID
			+ ":MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2IVgpYwIuR9jg4vghJCR2VQ8JvsqF45LO5AeCtvyoIBacWAtKawqTWmd2cpYIOGxoyQuJ+N5HiDF8A2hWhQOMQ==";

	/** The local profile's demo private key (PKCS#8, base64), as the gateway holds it. */
	public static final String LOCAL_PRIVATE_KEY = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgsjlZ5SgK+LQasYNAn5NU6GHnVl2Aw8rJiG7KRYCRLvShRANCAATYhWCljAi5H2ODi+CEkJHZVDwm+yoXjks7kB4K2/KggFpxYC0prCpNaZ3Zylgg4bGjJC4n43keIMXwDaFaFA4x";

	private TestTokens() {
	}

	/**
	 * {@code Bearer <jws>} for a tenant's key with the given scopes, for one service,
	 * signed with the local key.
	 * @param audience the service the token is for (its {@code spring.application.name})
	 * @param tenantId the tenant
	 * @param scope the scopes, separated by spaces
	 * @return the Authorization header value
	 */
	public static String bearer(String audience, String tenantId, String scope) {
		return "Bearer " + jws(localKey(), audience,
				(claims) -> claims.subject(tenantId + "key1")
					.claim("tenant_id", tenantId)
					.claim("key_id", tenantId + "key1")
					.claim("scope", scope));
	}

	/**
	 * A compact JWS like the gateway's (tenant {@code demo}, key {@code demokey1}, 60 s)
	 * after the customizer changed its claims.
	 * @param key the signing key, with its key id
	 * @param audience the {@code aud} claim
	 * @param customizer changes the claims
	 * @return the compact JWS
	 */
	public static String jws(ECKey key, String audience, UnaryOperator<JWTClaimsSet.Builder> customizer) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("demokey1")
			.issuer("switchboard-gateway")
			.audience(List.of(audience))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(60)))
			.claim("tenant_id", "demo")
			.claim("key_id", "demokey1")
			.claim("scope", "messages:send messages:read")
			.claim("request_id", "test-request");
		try {
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
					customizer.apply(claims).build());
			jwt.sign(new ECDSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The local profile's demo key pair. */
	public static ECKey localKey() {
		try {
			KeyFactory factory = KeyFactory.getInstance("EC");
			ECPrivateKey privateKey = (ECPrivateKey) factory
				.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(LOCAL_PRIVATE_KEY)));
			ECPublicKey publicKey = (ECPublicKey) factory.generatePublic(new X509EncodedKeySpec(
					Base64.getDecoder().decode(LOCAL_PUBLIC_KEYS.substring(LOCAL_KEY_ID.length() + 1))));
			return new ECKey.Builder(Curve.P_256, publicKey).privateKey(privateKey).keyID(LOCAL_KEY_ID).build();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A new P-256 key pair.
	 * @param kid its key id
	 * @return the key pair
	 */
	public static ECKey newKey(String kid) {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The keys' public halves as services configure them.
	 * @param keys key pairs with their ids
	 * @return {@code kid:base64-SPKI[,kid:base64-SPKI]}
	 */
	public static String publicKeys(ECKey... keys) {
		return Arrays.stream(keys).map(TestTokens::publicKeyEntry).collect(Collectors.joining(","));
	}

	private static String publicKeyEntry(ECKey key) {
		try {
			return key.getKeyID() + ":" + Base64.getEncoder().encodeToString(key.toECPublicKey().getEncoded());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
