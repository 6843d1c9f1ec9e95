package dev.switchboard.simulators;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Meta's {@code X-Hub-Signature-256}: HMAC-SHA256 of the exact body bytes with the app
 * secret.
 */
final class WebhookSignature {

	static final String HEADER = "X-Hub-Signature-256";

	private WebhookSignature() {
	}

	/** {@code sha256=<64 lowercase hex>}. */
	static String header(String appSecret, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
