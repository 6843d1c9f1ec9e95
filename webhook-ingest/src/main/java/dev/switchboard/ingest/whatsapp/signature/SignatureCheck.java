package dev.switchboard.ingest.whatsapp.signature;

/**
 * Outcome of checking {@code X-Hub-Signature-256}.
 */
public enum SignatureCheck {

	/** The body was signed with an expected app secret. */
	VALID,

	/** No signature header. */
	MISSING,

	/** Malformed header or a signature no expected secret produces. */
	INVALID

}
