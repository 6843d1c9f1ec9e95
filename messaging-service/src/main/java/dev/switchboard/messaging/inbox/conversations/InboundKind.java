package dev.switchboard.messaging.inbox.conversations;

/** What a customer message may do to the contact's conversation. */
public enum InboundKind {

	/**
	 * A message the customer wrote: starts a conversation, reopens a resolved one, starts
	 * a new one after an archived one.
	 */
	MESSAGE,

	/**
	 * A message WhatsApp could not show (unsupported): stored, never reopens; starts a
	 * conversation only when the contact has no open or resolved one.
	 */
	UNSUPPORTED,

	/** A system message: stored in the latest conversation if any, changes nothing. */
	SYSTEM

}
