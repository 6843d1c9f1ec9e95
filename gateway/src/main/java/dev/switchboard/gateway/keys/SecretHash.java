package dev.switchboard.gateway.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of API key secrets, the only form in which they are stored, and their
 * constant-time comparison.
 */
final class SecretHash {

	private SecretHash() {
	}

	static byte[] of(String secret) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
		}
	}

	/**
	 * Whether a presented secret hashes to the stored hash, in time independent of where
	 * the two differ.
	 * @param storedHash the stored SHA-256
	 * @param presentedSecret the secret the caller sent
	 * @return {@code true} when they match
	 */
	static boolean matches(byte[] storedHash, String presentedSecret) {
		return storedHash != null && MessageDigest.isEqual(storedHash, of(presentedSecret));
	}

}
