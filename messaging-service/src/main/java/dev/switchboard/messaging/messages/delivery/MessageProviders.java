package dev.switchboard.messaging.messages.delivery;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.switchboard.messaging.channels.Provider;

import org.springframework.stereotype.Component;

/** The provider adapters this service has, by provider. */
@Component
public class MessageProviders {

	private final Map<Provider, MessageProvider> byProvider = new EnumMap<>(Provider.class);

	MessageProviders(List<MessageProvider> providers) {
		providers.forEach((provider) -> this.byProvider.put(provider.provider(), provider));
	}

	/** Whether messages of channels on this provider can be sent. */
	public boolean supports(Provider provider) {
		return this.byProvider.containsKey(provider);
	}

	Optional<MessageProvider> forProvider(Provider provider) {
		return Optional.ofNullable(this.byProvider.get(provider));
	}

}
