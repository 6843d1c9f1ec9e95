package dev.switchboard.ingest.whatsapp.signature;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.switchboard.events.wa.WaUnroutedChange;

import org.springframework.stereotype.Component;

/**
 * Checks Meta's {@code X-Hub-Signature-256: sha256=<hex>}: an HMAC-SHA256 of the exact
 * request bytes keyed with the app secret. Hex digits are accepted in either case (Meta
 * sends lowercase); digests are compared in constant time.
 */
@Component
public class SignatureVerifier {

	public static final String HEADER = "X-Hub-Signature-256";

	private static final String PREFIX = "sha256=";

	private static final String ALGORITHM = "HmacSHA256";

	private static final int DIGEST_HEX_LENGTH = 64;

	private static final int FINGERPRINT_BYTES = 16;

	public SignatureVerifier() {
		// Provider lookup happens once here, at start-up, not on a request thread.
		hmac(new byte[0], "warm-up");
	}

	/** Checks a body signed with one of the given secrets. */
	SignatureCheck verify(byte[] body, String header, Collection<String> secrets) {
		return verifyAll(body, header, List.of(secrets));
	}

	/**
	 * Checks that the body was signed with a secret of every given signer (each signer
	 * being the secrets of one channel, several while a secret is rotated). A body naming
	 * several channels must be signed with a secret they all share.
	 */
	SignatureCheck verifyAll(byte[] body, String header, Collection<? extends Collection<String>> signers) {
		if (header == null || header.isBlank()) {
			return SignatureCheck.MISSING;
		}
		byte[] claimed = parse(header);
		if (claimed == null || signers.isEmpty()) {
			return SignatureCheck.INVALID;
		}
		Map<String, Boolean> matchBySecret = new HashMap<>();
		boolean valid = true;
		for (Collection<String> secrets : signers) {
			boolean signerMatches = false;
			for (String secret : secrets) {
				signerMatches |= matchBySecret.computeIfAbsent(secret,
						(key) -> MessageDigest.isEqual(claimed, hmac(body, key)));
			}
			valid &= signerMatches;
		}
		return valid ? SignatureCheck.VALID : SignatureCheck.INVALID;
	}

	/**
	 * Which of the candidate secrets signed the body, trying them in order and stopping
	 * at the first match. Works on the raw bytes alone: nothing is parsed before a secret
	 * matched.
	 */
	public Signer identify(byte[] body, String header, List<String> candidates) {
		if (header == null || header.isBlank()) {
			return Signer.MISSING;
		}
		byte[] claimed = parse(header);
		if (claimed == null) {
			return Signer.INVALID;
		}
		for (String secret : candidates) {
			if (MessageDigest.isEqual(claimed, hmac(body, secret))) {
				return Signer.of(secret);
			}
		}
		return Signer.INVALID;
	}

	/**
	 * Names a secret without revealing it: hex of the first 16 bytes of HMAC-SHA256 keyed
	 * with the secret over {@link WaUnroutedChange#SIGNER_LABEL}.
	 */
	public static String fingerprint(String secret) {
		byte[] mac = hmac(WaUnroutedChange.SIGNER_LABEL.getBytes(StandardCharsets.UTF_8), secret);
		return HexFormat.of().formatHex(mac, 0, FINGERPRINT_BYTES);
	}

	/** The signature in lowercase hex, as Meta sends it. */
	public static String sign(byte[] body, String secret) {
		return PREFIX + HexFormat.of().formatHex(hmac(body, secret));
	}

	private static byte[] parse(String header) {
		if (!header.startsWith(PREFIX) || header.length() != PREFIX.length() + DIGEST_HEX_LENGTH) {
			return null;
		}
		try {
			return HexFormat.of().parseHex(header, PREFIX.length(), header.length());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static byte[] hmac(byte[] body, String secret) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
			return mac.doFinal(body);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JRE", ex);
		}
	}

}
