package dev.switchboard.local;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

/**
 * Internal identity tokens as the gateway of the local profile mints them (ES256 with its
 * demo key {@code local-1}, 60 s), for tests and benchmarks that call a service directly.
 * Services refuse tokens that live longer than 60 s: mint one per request, or at least
 * every few seconds.
 */
public final class LocalIdentityTokens {

	/** The key id of the local profile's demo key pair. */
	public static final String KEY_ID = "local-1";

	/** The local profile's demo private key (PKCS#8), as the gateway's local profile. */
	private static final String PRIVATE_KEY = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgsjlZ5SgK+LQasYNAn5NU6GHnVl2Aw8rJiG7KRYCRLvShRANCAATYhWCljAi5H2ODi+CEkJHZVDwm+yoXjks7kB4K2/KggFpxYC0prCpNaZ3Zylgg4bGjJC4n43keIMXwDaFaFA4x";

	private LocalIdentityTokens() {
	}

	/**
	 * A token for one service, valid 60 s from now.
	 * @param audience the service ({@code spring.application.name})
	 * @param tenantId the tenant
	 * @param scope the scopes, separated by spaces
	 * @param requestId the request id claim
	 * @return the compact JWS
	 */
	public static String token(String audience, String tenantId, String scope, String requestId) {
		return token(audience, tenantId, scope, requestId, Instant.now(), 60);
	}

	/**
	 * A token for one service, issued at a given time, for tests of expired or long-lived
	 * tokens.
	 * @param audience the service ({@code spring.application.name})
	 * @param tenantId the tenant
	 * @param scope the scopes, separated by spaces
	 * @param requestId the request id claim
	 * @param issuedAt the {@code iat} claim
	 * @param ttlSeconds seconds from {@code iat} to {@code exp}
	 * @return the compact JWS
	 */
	public static String token(String audience, String tenantId, String scope, String requestId, Instant issuedAt,
			long ttlSeconds) {
		long now = issuedAt.getEpochSecond();
		String header = base64("{\"alg\":\"ES256\",\"kid\":\"" + KEY_ID + "\",\"typ\":\"JWT\"}");
		String claims = base64("{\"sub\":\"" + tenantId + "key1\",\"iss\":\"switchboard-gateway\",\"aud\":[\""
				+ audience + "\"],\"iat\":" + now + ",\"exp\":" + (now + ttlSeconds) + ",\"tenant_id\":\"" + tenantId
				+ "\",\"key_id\":\"" + tenantId + "key1\",\"scope\":\"" + scope + "\",\"request_id\":\"" + requestId
				+ "\"}");
		try {
			PrivateKey key = KeyFactory.getInstance("EC")
				.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(PRIVATE_KEY)));
			// JWS wants r || s (P1363), not the DER sequence Java signs by default.
			Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
			signature.initSign(key);
			signature.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
			return header + "." + claims + "."
					+ Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String base64(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
