package dev.switchboard.ingest.whatsapp.parsing;

/**
 * A webhook body that is not JSON or has no {@code entry[]} array.
 */
public class MalformedWebhookException extends RuntimeException {

	/** The body is not JSON. */
	static final String MALFORMED_JSON = "MALFORMED_JSON";

	/** JSON, but not an object with an {@code entry[]} array. */
	static final String MISSING_ENTRY = "MISSING_ENTRY";

	private final String code;

	MalformedWebhookException(String code, String message) {
		super(message, null, false, false);
		this.code = code;
	}

	/** Stable reason code, as parked on {@code wa.rejected.v1}. */
	public String code() {
		return this.code;
	}

}
