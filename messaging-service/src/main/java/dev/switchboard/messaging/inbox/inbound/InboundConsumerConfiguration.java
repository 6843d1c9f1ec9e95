package dev.switchboard.messaging.inbox.inbound;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.boot.EventConsumers;
import dev.switchboard.events.wa.WaInboundMessage;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Consumes {@code wa.inbound.v1} in group {@code messaging-service.inbox}: each message
 * stored in its contact's conversation. Keyed by sender, so one contact's messages are
 * handled one after the other; different contacts side by side.
 */
@Configuration(proxyBeanMethods = false)
class InboundConsumerConfiguration {

	@Bean
	EventConsumer<WaInboundMessage> inboxConsumer(EventConsumers consumers, InboundHandler handler,
			InboxProperties properties) {
		return consumers.builder(Topic.WA_INBOUND, InboundHandler.CONSUMER_GROUP, WaInboundMessage.class)
			.handler(handler)
			.concurrencyPerPartition(properties.contactsInFlightPerPartition())
			.build();
	}

}
