package dev.switchboard.messaging.channels;

/** The provider a channel sends through. */
public enum Provider {

	/** Meta's WhatsApp Cloud API (Graph API). */
	META,

	/** Chatbot Builder. */
	CBB

}
