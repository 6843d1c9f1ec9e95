package dev.switchboard.gateway.identity;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;

/**
 * The gateway's ES256 signing keys: {@code kid:PKCS#8} entries (base64 DER or PEM)
 * separated by commas. The first signs; the others stay published (a key about to take
 * over, or the one just replaced) so that services can trust both during a rotation.
 *
 * @param keys the P-256 key pairs, each with its key id, the signing one first
 */
record SigningKeys(List<ECKey> keys) {

	private static final String PROPERTY = "switchboard.internal-token.signing-keys";

	SigningKeys {
		keys = List.copyOf(keys);
	}

	/**
	 * Reads the configured keys. Messages never show key material.
	 * @param value {@code kid:base64-PKCS8[,kid:base64-PKCS8]}
	 * @return the keys
	 * @throws IllegalArgumentException when an entry is malformed, not a P-256 PKCS#8 key
	 * with its public key, or a key id repeats
	 */
	static SigningKeys parse(String value) {
		List<ECKey> keys = new ArrayList<>();
		Set<String> ids = new HashSet<>();
		for (String entry : value.split(",")) {
			String trimmed = entry.trim();
			if (trimmed.isEmpty()) {
				continue;
			}
			int colon = trimmed.indexOf(':');
			String kid = (colon > 0) ? trimmed.substring(0, colon).trim() : "";
			if (!kid.matches("[A-Za-z0-9._-]{1,64}")) {
				throw invalid("an entry is not kid:base64-PKCS8 (kid of letters, digits, '.', '_', '-')");
			}
			if (!ids.add(kid)) {
				throw invalid("key id " + kid + " is given twice");
			}
			keys.add(key(kid, trimmed.substring(colon + 1)));
		}
		if (keys.isEmpty()) {
			throw invalid("no key is given");
		}
		return new SigningKeys(keys);
	}

	/** The key that signs. */
	ECKey active() {
		return this.keys.get(0);
	}

	/** Every key's public half, as services may trust them. */
	JWKSet publicJwks() {
		return new JWKSet(List.copyOf(this.keys)).toPublicJWKSet();
	}

	private static ECKey key(String kid, String material) {
		byte[] der;
		try {
			der = Base64.getMimeDecoder()
				.decode(material.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", ""));
		}
		catch (IllegalArgumentException ex) {
			throw invalid("key " + kid + " is not base64");
		}
		try {
			ECPrivateKey privateKey = (ECPrivateKey) KeyFactory.getInstance("EC")
				.generatePrivate(new PKCS8EncodedKeySpec(der));
			if (!Curve.P_256.equals(Curve.forECParameterSpec(privateKey.getParams()))) {
				throw invalid("key " + kid + " is not on the P-256 curve");
			}
			ECPublicKey publicKey = (ECPublicKey) KeyFactory.getInstance("EC")
				.generatePublic(new ECPublicKeySpec(embeddedPublicPoint(kid, der), privateKey.getParams()));
			requirePair(kid, privateKey, publicKey);
			return new ECKey.Builder(Curve.P_256, publicKey).privateKey(privateKey)
				.keyID(kid)
				.algorithm(JWSAlgorithm.ES256)
				.keyUse(KeyUse.SIGNATURE)
				.build();
		}
		catch (GeneralSecurityException | ClassCastException ex) {
			throw invalid("key " + kid + " is not an unencrypted PKCS#8 EC private key");
		}
	}

	/**
	 * The public point that openssl writes into a PKCS#8 EC key (the {@code publicKey}
	 * field of the inner ECPrivateKey, RFC 5915): Java cannot derive it from the private
	 * key, and the services need it.
	 */
	private static ECPoint embeddedPublicPoint(String kid, byte[] pkcs8) {
		try {
			List<Der> privateKeyInfo = Der.read(pkcs8, 0).children();
			List<Der> ecPrivateKey = Der.read(privateKeyInfo.get(2).value(), 0).children();
			for (Der field : ecPrivateKey) {
				if (field.tag() == 0xA1) {
					byte[] bits = field.children().get(0).value();
					// BIT STRING: no unused bits, then the uncompressed point 04 || x ||
					// y.
					if (bits.length == 66 && bits[0] == 0 && bits[1] == 4) {
						return new ECPoint(new BigInteger(1, Arrays.copyOfRange(bits, 2, 34)),
								new BigInteger(1, Arrays.copyOfRange(bits, 34, 66)));
					}
				}
			}
		}
		catch (IndexOutOfBoundsException ex) {
			throw invalid("key " + kid + " is not a well-formed PKCS#8 EC key");
		}
		throw invalid("key " + kid + " carries no public key (generate it with openssl, see the README)");
	}

	/** A key whose public half does not match would sign tokens no service accepts. */
	private static void requirePair(String kid, ECPrivateKey privateKey, ECPublicKey publicKey)
			throws GeneralSecurityException {
		byte[] probe = ("probe " + kid).getBytes(StandardCharsets.UTF_8);
		Signature signer = Signature.getInstance("SHA256withECDSA");
		signer.initSign(privateKey);
		signer.update(probe);
		byte[] signature = signer.sign();
		Signature verifier = Signature.getInstance("SHA256withECDSA");
		verifier.initVerify(publicKey);
		verifier.update(probe);
		if (!verifier.verify(signature)) {
			throw invalid("key " + kid + " carries a public key that is not its own");
		}
	}

	private static IllegalArgumentException invalid(String reason) {
		return new IllegalArgumentException(PROPERTY + ": " + reason);
	}

	/** One DER element: tag and content, enough to walk a PKCS#8 key. */
	private record Der(int tag, byte[] value, int end) {

		static Der read(byte[] bytes, int offset) {
			int tag = bytes[offset] & 0xFF;
			int length = bytes[offset + 1] & 0xFF;
			int start = offset + 2;
			if (length > 0x7F) {
				int octets = length & 0x7F;
				length = 0;
				for (int i = 0; i < octets; i++) {
					length = (length << 8) | (bytes[start + i] & 0xFF);
				}
				start += octets;
			}
			if (length < 0 || start + length > bytes.length) {
				throw new IndexOutOfBoundsException("DER element longer than its input");
			}
			return new Der(tag, Arrays.copyOfRange(bytes, start, start + length), start + length);
		}

		List<Der> children() {
			List<Der> children = new ArrayList<>();
			int offset = 0;
			while (offset < this.value.length) {
				Der child = read(this.value, offset);
				children.add(child);
				offset = child.end();
			}
			return children;
		}

	}

}
