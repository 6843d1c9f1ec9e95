package dev.switchboard.messaging.messages.delivery;

import dev.switchboard.messaging.channels.Provider;
import reactor.core.publisher.Mono;

/**
 * The port to a WhatsApp provider (Meta's Graph API, CBB). One call sends one message;
 * callers make sure it is called at most once per message intent.
 */
public interface MessageProvider {

	/** The provider this adapter talks to. */
	Provider provider();

	/**
	 * Sends a message.
	 * @return what the provider answered (Meta: the wamid; CBB: its own id, no wamid)
	 * @throws ProviderException (as the error signal) with what is known about the
	 * outcome
	 */
	Mono<Receipt> send(OutboundMessage message);

	/**
	 * A provider's acceptance of a message.
	 *
	 * @param wamid WhatsApp message id, null when the provider gives none (CBB)
	 * @param providerMessageId the provider's own id, may be null
	 */
	record Receipt(String wamid, String providerMessageId) {
	}

}
