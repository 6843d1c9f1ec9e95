package dev.switchboard.tenants;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.switchboard.events.tenants.EncryptedSecret;

/**
 * Encrypts and decrypts tenant secrets with AES-256-GCM. Each secret is bound to where it
 * belongs (the associated data, e.g. {@code tenant/channel/field}), so a ciphertext
 * copied to another tenant does not decrypt. Several keys may be known; new secrets use
 * the current one.
 */
public final class SecretCipher {

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Map<String, SecretKeySpec> keys;

	private final String currentKeyId;

	/**
	 * Creates a cipher.
	 * @param keys key id → 32-byte key
	 * @param currentKeyId the key new secrets are encrypted with
	 */
	public SecretCipher(Map<String, byte[]> keys, String currentKeyId) {
		Map<String, SecretKeySpec> specs = new LinkedHashMap<>();
		keys.forEach((id, key) -> {
			if (key.length != 32) {
				throw new IllegalArgumentException("Secret key " + id + " must be 32 bytes (AES-256)");
			}
			specs.put(id, new SecretKeySpec(key, "AES"));
		});
		if (!specs.containsKey(currentKeyId)) {
			throw new IllegalArgumentException("Current secret key " + currentKeyId + " is not among the keys");
		}
		this.keys = Map.copyOf(specs);
		this.currentKeyId = currentKeyId;
	}

	/**
	 * Parses keys written as {@code id:base64,id:base64}; the first is current.
	 * @param spec the key list, e.g. from {@code SWITCHBOARD_SECRETS_KEYS}
	 * @return the cipher
	 */
	public static SecretCipher fromSpec(String spec) {
		Map<String, byte[]> keys = new LinkedHashMap<>();
		String first = null;
		for (String part : spec.split(",")) {
			String trimmed = part.trim();
			int colon = trimmed.indexOf(':');
			if (colon <= 0) {
				throw new IllegalArgumentException("Secret keys must be written id:base64[,id:base64]");
			}
			String id = trimmed.substring(0, colon);
			keys.put(id, Base64.getDecoder().decode(trimmed.substring(colon + 1)));
			first = (first != null) ? first : id;
		}
		return new SecretCipher(keys, first);
	}

	/**
	 * Encrypts a secret.
	 * @param plaintext the secret
	 * @param boundTo where the secret belongs, e.g. {@code acme/acme-meta/accessToken}
	 * @return the encrypted secret
	 */
	public EncryptedSecret encrypt(String plaintext, String boundTo) {
		byte[] nonce = new byte[NONCE_BYTES];
		RANDOM.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.keys.get(this.currentKeyId), new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
			return new EncryptedSecret(this.currentKeyId, Base64.getEncoder().encodeToString(out));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is unavailable", ex);
		}
	}

	/**
	 * Decrypts a secret.
	 * @param secret the encrypted secret
	 * @param boundTo the same binding it was encrypted with
	 * @return the plaintext
	 * @throws IllegalArgumentException when the key is unknown or the secret was tampered
	 * with or belongs elsewhere
	 */
	public String decrypt(EncryptedSecret secret, String boundTo) {
		SecretKeySpec key = this.keys.get(secret.keyId());
		if (key == null) {
			throw new IllegalArgumentException("Unknown secret key id " + secret.keyId());
		}
		byte[] in = Base64.getDecoder().decode(secret.ciphertext());
		if (in.length <= NONCE_BYTES) {
			throw new IllegalArgumentException("Encrypted secret is truncated");
		}
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
			cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
			byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
			return new String(plain, StandardCharsets.UTF_8);
		}
		catch (AEADBadTagException ex) {
			throw new IllegalArgumentException("Encrypted secret does not verify for " + boundTo);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is unavailable", ex);
		}
	}

	/** The id of the key new secrets are encrypted with. */
	public String currentKeyId() {
		return this.currentKeyId;
	}

}
