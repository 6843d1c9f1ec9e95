package dev.switchboard.gateway.identity;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Issues the compact ES256 JWS that tells one service who is calling: the tenant, the API
 * key and its scopes. Only the gateway holds the private key; services verify with its
 * public keys and take the tenant only from this token.
 */
@Component
public class InternalTokenIssuer {

	public static final String TENANT_ID = "tenant_id";

	public static final String KEY_ID = "key_id";

	public static final String SCOPE = "scope";

	public static final String REQUEST_ID = "request_id";

	/**
	 * The agent a tenant key is bound to; absent for a key acting for the whole tenant.
	 */
	public static final String AGENT_ID = "agent_id";

	/** The role the key's agent binding was given, with {@link #AGENT_ID}. */
	public static final String ROLE = "role";

	private final InternalTokenProperties properties;

	private final SigningKeys keys;

	private final JWSHeader header;

	private final JWSSigner signer;

	private final Clock clock;

	@Autowired
	public InternalTokenIssuer(InternalTokenProperties properties) {
		this(properties, Clock.systemUTC());
	}

	InternalTokenIssuer(InternalTokenProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
		this.keys = properties.keys();
		ECKey active = this.keys.active();
		this.header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(active.getKeyID())
			.type(JOSEObjectType.JWT)
			.build();
		try {
			ECDSASigner ecdsa = new ECDSASigner(active);
			ecdsa.getJCAContext().setSecureRandom(seededRandom());
			this.signer = ecdsa;
		}
		catch (JOSEException ex) {
			throw new IllegalArgumentException("switchboard.internal-token.signing-keys: the active key cannot sign");
		}
	}

	/**
	 * Each ECDSA signature takes fresh random bytes. The platform default reads
	 * /dev/urandom on every call, a blocking file read on the event loop; a DRBG seeded
	 * here, once, generates them in memory.
	 */
	private static SecureRandom seededRandom() {
		try {
			SecureRandom random = SecureRandom.getInstance("DRBG");
			random.nextBytes(new byte[32]);
			return random;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("No DRBG to sign internal identity tokens with", ex);
		}
	}

	/**
	 * Signs a token for one request to one service.
	 * @param audience the service the request goes to (its {@code aud})
	 * @param tenantId the tenant the key belongs to
	 * @param keyId the id of the API key (also the subject)
	 * @param scopes the scopes the key grants
	 * @param requestId the request id, for tracing
	 * @return the compact JWS
	 */
	public String issue(String audience, String tenantId, String keyId, Collection<String> scopes, String requestId) {
		return issue(audience, tenantId, keyId, scopes, requestId, null, null);
	}

	/**
	 * Signs a token for one request to one service, for a key that may be bound to an
	 * agent.
	 * @param audience the service the request goes to (its {@code aud})
	 * @param tenantId the tenant the key belongs to
	 * @param keyId the id of the API key (also the subject)
	 * @param scopes the scopes the key grants
	 * @param requestId the request id, for tracing
	 * @param agentId the agent the key is bound to, {@code null} for none
	 * @param role the role of that binding, {@code null} for none
	 * @return the compact JWS
	 */
	public String issue(String audience, String tenantId, String keyId, Collection<String> scopes, String requestId,
			String agentId, String role) {
		Instant now = this.clock.instant();
		JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
		if (agentId != null) {
			builder.claim(AGENT_ID, agentId).claim(ROLE, role);
		}
		JWTClaimsSet claims = builder.issuer(this.properties.issuer())
			.audience(audience)
			.subject(keyId)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(this.properties.ttl())))
			.claim(TENANT_ID, tenantId)
			.claim(KEY_ID, keyId)
			.claim(SCOPE, String.join(" ", scopes))
			.claim(REQUEST_ID, requestId)
			.build();
		SignedJWT jwt = new SignedJWT(this.header, claims);
		try {
			jwt.sign(this.signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign the internal identity token", ex);
		}
		return jwt.serialize();
	}

	/** The public keys services verify with: the signing key and any other configured. */
	public JWKSet publicKeys() {
		return this.keys.publicJwks();
	}

}
