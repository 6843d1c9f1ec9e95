package dev.switchboard.messaging.inbox.sla;

/** The response target a running clock measures. */
public enum SlaTarget {

	/** From the conversation's first customer message to the first agent reply. */
	FIRST_RESPONSE,

	/** From a customer message after an agent reply to the next agent reply. */
	NEXT_RESPONSE

}
