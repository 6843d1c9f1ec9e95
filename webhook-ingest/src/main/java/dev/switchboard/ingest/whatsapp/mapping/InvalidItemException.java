package dev.switchboard.ingest.whatsapp.mapping;

/**
 * A {@code statuses[]} or {@code messages[]} entry lacking what every consumer relies on.
 */
public class InvalidItemException extends RuntimeException {

	/** No {@code metadata.phone_number_id} to route the item by. */
	static final String MISSING_METADATA = "MISSING_METADATA";

	/** No id, status or type, or no timestamp. */
	static final String MISSING_REQUIRED_FIELD = "MISSING_REQUIRED_FIELD";

	/** No recipient (status) or sender (message), neither by phone nor by BSUID. */
	static final String MISSING_COUNTERPART = "MISSING_COUNTERPART";

	private final String code;

	InvalidItemException(String code, String message) {
		super(message, null, false, false);
		this.code = code;
	}

	/** Stable reason code, as parked on {@code wa.rejected.v1}. */
	public String code() {
		return this.code;
	}

}
