package dev.switchboard.ingest.whatsapp.signature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import dev.switchboard.ingest.channels.ChannelConfig;

/**
 * The app secret a webhook was signed with: the outcome of checking
 * {@code X-Hub-Signature-256} and, when it matched, the secret (live, just verified) or
 * only its fingerprint (a parked change, see {@link SignatureVerifier#fingerprint}). A
 * change is routed only to a channel holding that secret, so a body signed with one
 * tenant's app secret never becomes another tenant's events.
 *
 * @param check outcome of the signature check
 * @param fingerprint fingerprint of the secret, null when unknown
 * @param secret the secret itself when it was just verified, else null
 */
public record Signer(SignatureCheck check, String fingerprint, String secret) {

	static final Signer MISSING = new Signer(SignatureCheck.MISSING, null, null);

	static final Signer INVALID = new Signer(SignatureCheck.INVALID, null, null);

	/** A change parked before signers were recorded: no channel can be confirmed. */
	public static final Signer UNKNOWN = new Signer(SignatureCheck.VALID, null, null);

	public static Signer of(String secret) {
		return new Signer(SignatureCheck.VALID, SignatureVerifier.fingerprint(secret), secret);
	}

	/** A signer known by the fingerprint a parked change recorded (may be null). */
	public static Signer ofFingerprint(String fingerprint) {
		return (fingerprint != null) ? new Signer(SignatureCheck.VALID, fingerprint, null) : UNKNOWN;
	}

	public boolean valid() {
		return this.check == SignatureCheck.VALID;
	}

	/** Whether the channel holds the secret that signed the webhook. */
	public boolean signedFor(ChannelConfig channel) {
		if (this.fingerprint == null) {
			return false;
		}
		if (this.secret != null) {
			return channel.appSecrets().contains(this.secret);
		}
		byte[] expected = this.fingerprint.getBytes(StandardCharsets.US_ASCII);
		boolean held = false;
		for (String candidate : channel.appSecrets()) {
			held |= MessageDigest.isEqual(expected,
					SignatureVerifier.fingerprint(candidate).getBytes(StandardCharsets.US_ASCII));
		}
		return held;
	}

	@Override
	public String toString() {
		return "Signer[check=" + this.check + ", fingerprint=" + this.fingerprint + "]";
	}

}
