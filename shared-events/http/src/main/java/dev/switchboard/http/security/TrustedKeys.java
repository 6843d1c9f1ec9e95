package dev.switchboard.http.security;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;

/**
 * The gateway's public keys a service trusts, from configuration: a JWKS document
 * ({@code {"keys":[...]}}, as the gateway publishes it) or {@code kid:base64-SPKI}
 * entries separated by commas. Only P-256 public keys with a key id; two while the
 * gateway's key rotates.
 */
final class TrustedKeys {

	private TrustedKeys() {
	}

	/**
	 * Parses the configured keys.
	 * @param value a JWKS JSON document or {@code kid:base64-SPKI[,kid:base64-SPKI]}
	 * @return the keys, each with its id
	 * @throws IllegalArgumentException when a key is malformed, private, not P-256, has
	 * no id, or an id repeats
	 */
	static List<JWK> parse(String value) {
		String trimmed = value.trim();
		List<JWK> keys = trimmed.startsWith("{") ? fromJwks(trimmed) : fromEntries(trimmed);
		if (keys.isEmpty()) {
			throw invalid("no key is given");
		}
		Set<String> ids = new HashSet<>();
		for (JWK key : keys) {
			if (!(key instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
				throw invalid("key " + key.getKeyID() + " is not an EC P-256 key");
			}
			if (key.isPrivate()) {
				throw invalid("key " + key.getKeyID() + " holds a private key; services take public keys only");
			}
			if (key.getKeyID() == null || key.getKeyID().isBlank()) {
				throw invalid("every key needs a key id (kid)");
			}
			if (!ids.add(key.getKeyID())) {
				throw invalid("key id " + key.getKeyID() + " is given twice");
			}
		}
		return List.copyOf(keys);
	}

	private static List<JWK> fromJwks(String json) {
		try {
			return JWKSet.parse(json).getKeys();
		}
		catch (ParseException ex) {
			throw invalid("the JWKS document cannot be read");
		}
	}

	private static List<JWK> fromEntries(String entries) {
		List<JWK> keys = new ArrayList<>();
		for (String entry : entries.split("[,\\s]+")) {
			if (entry.isEmpty()) {
				continue;
			}
			int colon = entry.indexOf(':');
			if (colon <= 0) {
				throw invalid("an entry is not kid:base64-SPKI");
			}
			String kid = entry.substring(0, colon);
			keys.add(new ECKey.Builder(Curve.P_256, publicKey(kid, entry.substring(colon + 1))).keyID(kid)
				.algorithm(JWSAlgorithm.ES256)
				.keyUse(KeyUse.SIGNATURE)
				.build());
		}
		return keys;
	}

	private static ECPublicKey publicKey(String kid, String base64) {
		ECPublicKey key;
		try {
			byte[] der = Base64.getDecoder().decode(base64);
			key = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
		}
		catch (IllegalArgumentException | ClassCastException | GeneralSecurityException ex) {
			throw invalid("key " + kid + " is not a base64 SubjectPublicKeyInfo (DER) EC public key");
		}
		if (!Curve.P_256.equals(Curve.forECParameterSpec(key.getParams()))) {
			throw invalid("key " + kid + " is not on the P-256 curve");
		}
		return key;
	}

	private static IllegalArgumentException invalid(String reason) {
		return new IllegalArgumentException("switchboard.internal-token.public-keys: " + reason);
	}

}
