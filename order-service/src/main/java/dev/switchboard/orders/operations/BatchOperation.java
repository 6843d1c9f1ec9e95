package dev.switchboard.orders.operations;

import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a batch job does to each matching order. */
enum BatchOperation {

	/** Schedule the contact sync again (orders whose sync failed). */
	RETRY_SYNC,
	/** Request a new confirmation attempt (orders whose confirmation failed). */
	RESEND_CONFIRMATION;

	@JsonValue
	String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	static BatchOperation of(String value) {
		return parse(value).orElseThrow(() -> new IllegalArgumentException("Unknown batch operation " + value));
	}

	static Optional<BatchOperation> parse(String value) {
		for (BatchOperation operation : values()) {
			if (operation.value().equals(value)) {
				return Optional.of(operation);
			}
		}
		return Optional.empty();
	}

}
