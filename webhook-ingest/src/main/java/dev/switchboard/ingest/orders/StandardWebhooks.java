package dev.switchboard.ingest.orders;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature scheme: {@code webhook-signature} holds space-separated
 * {@code v1,<base64 HMAC-SHA256>} entries over
 * {@code <webhook-id>.<webhook-timestamp>.<raw
 * body>}; any entry matching in constant time is enough, other version prefixes are
 * ignored, and the timestamp must lie within five minutes of our clock.
 */
final class StandardWebhooks {

	static final String ID = "webhook-id";

	static final String TIMESTAMP = "webhook-timestamp";

	static final String SIGNATURE = "webhook-signature";

	static final Duration TOLERANCE = Duration.ofMinutes(5);

	private static final String VERSION = "v1,";

	private static final String ALGORITHM = "HmacSHA256";

	/** Outcome of a check. */
	enum Check {

		VALID,

		/** One of the three headers is absent. */
		MISSING,

		/** The timestamp is not a number or too far from now (replay protection). */
		STALE,

		/** No {@code v1} entry matches any key. */
		INVALID

	}

	private StandardWebhooks() {
	}

	/**
	 * Checks a delivery against the keys of one sender.
	 * @param keys HMAC keys (decoded secrets), several while one is rotated
	 */
	static Check verify(String id, String timestamp, String signature, byte[] body, List<byte[]> keys, Instant now) {
		if (isBlank(id) || isBlank(timestamp) || isBlank(signature)) {
			return Check.MISSING;
		}
		long seconds;
		try {
			seconds = Long.parseLong(timestamp.trim());
		}
		catch (NumberFormatException ex) {
			return Check.STALE;
		}
		if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
			return Check.STALE;
		}
		for (byte[] key : keys) {
			byte[] expected = hmac(key, id, timestamp.trim(), body);
			for (String entry : signature.trim().split(" +")) {
				if (entry.startsWith(VERSION) && MessageDigest.isEqual(expected, decode(entry))) {
					return Check.VALID;
				}
			}
		}
		return Check.INVALID;
	}

	/** The {@code webhook-signature} entry a sender holding {@code key} writes. */
	static String sign(byte[] key, String id, long timestamp, byte[] body) {
		return VERSION + Base64.getEncoder().encodeToString(hmac(key, id, Long.toString(timestamp), body));
	}

	private static byte[] decode(String entry) {
		try {
			return Base64.getDecoder().decode(entry.substring(VERSION.length()));
		}
		catch (IllegalArgumentException ex) {
			return new byte[0];
		}
	}

	private static byte[] hmac(byte[] key, String id, String timestamp, byte[] body) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(new SecretKeySpec(key, ALGORITHM));
			mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
			return mac.doFinal(body);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JRE", ex);
		}
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

}
