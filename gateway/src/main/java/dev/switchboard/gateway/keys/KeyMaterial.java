package dev.switchboard.gateway.keys;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * A freshly generated key {@code sb_<prefix>.<secret>}: a 12 character prefix and a
 * 256-bit secret. Generating reads the OS entropy pool: never on an event loop.
 *
 * @param prefix the public part
 * @param secret the secret part, shown once
 */
record KeyMaterial(String prefix, String secret) {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

	static KeyMaterial generate() {
		StringBuilder prefix = new StringBuilder(12);
		for (int i = 0; i < 12; i++) {
			prefix.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		byte[] secret = new byte[32];
		RANDOM.nextBytes(secret);
		return new KeyMaterial(prefix.toString(), Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
	}

	String key() {
		return "sb_" + this.prefix + "." + this.secret;
	}

	@Override
	public String toString() {
		return "KeyMaterial[prefix=" + this.prefix + ", secret=******]";
	}

}
