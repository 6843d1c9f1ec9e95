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

	private static final int STATUSES_PER_PARTITION = 8;

	@Bean
	EventConsumer<MessageStatusChanged> messageStatusConsumer(EventConsumers consumers,
			ConfirmationStatusHandler handler) {
		// Most statuses are about messages that are no confirmation, each a transaction
		// that finds nothing: several at a time per partition, those of one message in
		// order.
		return consumers.builder(Topic.MESSAGING_EVENTS, GROUP, MessageStatusChanged.class)
			.concurrencyPerPartition(STATUSES_PER_PARTITION, (status) -> status.event().data().messageId())
			.handler(handler)
			.build();
	}

}
