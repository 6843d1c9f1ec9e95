package dev.switchboard.messaging.inbox.sla;

/**
 * Where a conversation's response clock stands: ON_TRACK → AT_RISK → BREACHED while the
 * customer waits; MET once an agent replied in time or late (a breach stays BREACHED).
 */
public enum SlaState {

	/** The clock runs and less than the at-risk share of the target is used. */
	ON_TRACK,

	/** The clock runs and the at-risk share of the target is used. */
	AT_RISK,

	/** The due time passed without an agent reply. */
	BREACHED,

	/** An agent replied before the due time. */
	MET

}
