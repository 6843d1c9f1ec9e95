package dev.switchboard.messaging.inbox.sla;

/**
 * A business-hours or SLA-policy object that cannot be used.
 */
public class InvalidSlaSettings extends RuntimeException {

	private final String field;

	InvalidSlaSettings(String field, String message) {
		super(message);
		this.field = field;
	}

	/**
	 * The JSON path of the offending value, e.g.
	 * {@code businessHours.weekly.MONDAY[0].to}.
	 */
	public String field() {
		return this.field;
	}

}
