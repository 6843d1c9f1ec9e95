package dev.switchboard.ingest.orders;

import java.util.List;

import dev.switchboard.events.orders.SchemaViolation;

/**
 * A correctly signed order body that does not match the source's schema.
 */
class InvalidOrderException extends RuntimeException {

	private final List<SchemaViolation> violations;

	InvalidOrderException(List<SchemaViolation> violations) {
		super("The order does not match the schema (" + violations.size() + " errors)", null, false, false);
		this.violations = List.copyOf(violations);
	}

	List<SchemaViolation> violations() {
		return this.violations;
	}

}
