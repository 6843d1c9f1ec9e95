package dev.switchboard.tenants;

import java.util.Base64;
import java.util.Map;

import dev.switchboard.events.tenants.EncryptedSecret;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SecretCipherTest {

	private static final String K1 = Base64.getEncoder().encodeToString(new byte[32]);

	private static final String K2 = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

	@Test
	void roundTripsAndNeverRepeatsCiphertext() {
		SecretCipher cipher = SecretCipher.fromSpec("k1:" + K1);
		EncryptedSecret first = cipher.encrypt("EAAG-token", "acme/acme-meta/accessToken");
		EncryptedSecret second = cipher.encrypt("EAAG-token", "acme/acme-meta/accessToken");
		assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
		assertThat(cipher.decrypt(first, "acme/acme-meta/accessToken")).isEqualTo("EAAG-token");
		assertThat(first.toString()).doesNotContain(first.ciphertext());
	}

	@Test
	void secretCopiedToAnotherTenantDoesNotDecrypt() {
		SecretCipher cipher = SecretCipher.fromSpec("k1:" + K1);
		EncryptedSecret secret = cipher.encrypt("EAAG-token", "acme/acme-meta/accessToken");
		assertThatIllegalArgumentException().isThrownBy(() -> cipher.decrypt(secret, "evil/acme-meta/accessToken"));
	}

	@Test
	void rotatedKeysStillDecryptOldSecrets() {
		EncryptedSecret old = SecretCipher.fromSpec("k1:" + K1).encrypt("s", "t/c/f");
		SecretCipher rotated = SecretCipher.fromSpec("k2:" + K2 + ",k1:" + K1);
		assertThat(rotated.currentKeyId()).isEqualTo("k2");
		assertThat(rotated.decrypt(old, "t/c/f")).isEqualTo("s");
		assertThat(rotated.encrypt("s", "t/c/f").keyId()).isEqualTo("k2");
	}

	@Test
	void refusesShortKeys() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SecretCipher(Map.of("k", new byte[16]), "k"));
	}

}
