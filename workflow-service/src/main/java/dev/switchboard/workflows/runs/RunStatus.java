package dev.switchboard.workflows.runs;

/** Where a run stands. */
enum RunStatus {

	/** Steps remain: due now, waiting, or being executed. */
	RUNNING,

	/** Every step done. */
	SUCCEEDED,

	/** A step failed its last attempt. */
	FAILED,

	/** Cancelled through the API. */
	CANCELLED;

	String value() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
