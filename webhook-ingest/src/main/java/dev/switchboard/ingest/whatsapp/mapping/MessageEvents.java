package dev.switchboard.ingest.whatsapp.mapping;

import dev.switchboard.events.EventType;
import dev.switchboard.events.wa.WaInboundMessage;

/**
 * Items of {@code switchboard.wa.inbound-message.v1} events.
 */
public final class MessageEvents {

	private MessageEvents() {
	}

	/**
	 * The item of one inbound message, keyed by sender (phone, else BSUID) so one
	 * contact's messages stay in order; identified by phone number id and message id.
	 */
	public static WebhookItem item(WaInboundMessage message) {
		String sender = (message.from() != null) ? message.from() : message.fromUserId();
		return new WebhookItem(EventType.WA_INBOUND_MESSAGE_V1, message, message.phoneNumberId(), message.wabaId(),
				message.phoneNumberId() + ":" + message.messageId(), message.messageId(), sender, message.timestamp());
	}

}
