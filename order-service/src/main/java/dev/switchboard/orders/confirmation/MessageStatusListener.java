package dev.switchboard.orders.confirmation;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.boot.EventConsumers;
import dev.switchboard.events.messaging.MessageStatusChanged;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Follows outbound message statuses on {@code messaging.events.v1}. */
@Configuration(proxyBeanMethods = false)
class MessageStatusListener {

	static final String GROUP = "order-service.message-statuses";

	@Bean
	EventConsumer<MessageStatusChanged> messageStatusConsumer(EventConsumers consumers,
			ConfirmationStatusHandler handler) {
		return consumers.builder(Topic.MESSAGING_EVENTS, GROUP, MessageStatusChanged.class).handler(handler).build();
	}

}
