package dev.switchboard.events.tenants;

/**
 * A secret encrypted with AES-256-GCM by {@link SecretCipher}.
 *
 * @param keyId id of the key it was encrypted with, so keys can rotate
 * @param ciphertext base64 of nonce (12 bytes) followed by ciphertext and tag
 */
public record EncryptedSecret(String keyId, String ciphertext) {

	@Override
	public String toString() {
		// Never print even the ciphertext into logs.
		return "EncryptedSecret[keyId=" + this.keyId + "]";
	}

}
