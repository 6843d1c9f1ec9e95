package dev.switchboard.messaging.messages.delivery;

import dev.switchboard.messaging.channels.Provider;
import reactor.core.publisher.Mono;

/**
 * The port to a WhatsApp provider (Meta's Graph API, CBB). One call sends one message;
 * callers make sure it is called at most once per message.
 */
public interface MessageProvider {

	/** The provider this adapter talks to. */
	Provider provider();

	/**
	 * Sends a text message.
	 * @return the WhatsApp message id (wamid) the provider assigned
	 * @throws ProviderException (as the error signal) with what is known about the
	 * outcome
	 */
	Mono<String> sendText(OutboundText message);

}
