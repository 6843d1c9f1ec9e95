package dev.switchboard.messaging.messages.commands;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.boot.EventConsumers;
import dev.switchboard.events.messaging.SendMessageCommand;
import dev.switchboard.messaging.messages.delivery.DeliveryProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Consumes {@code messaging.commands.v1} in group {@code messaging-service.sender}, one
 * recipient's commands in order.
 */
@Configuration(proxyBeanMethods = false)
class SendConsumerConfiguration {

	@Bean
	EventConsumer<SendMessageCommand> sendCommandConsumer(EventConsumers consumers, SendWorker worker,
			DeliveryProperties properties) {
		// A number's commands share a partition: one instance owns its sends, and several
		// of
		// them wait for their tier slot at once so that the number can reach its rate.
		return consumers.builder(Topic.MESSAGING_COMMANDS, SendWorker.CONSUMER_GROUP, SendMessageCommand.class)
			.handler(worker)
			.concurrencyPerPartition(properties.sendsInFlightPerPartition(), (command) -> command.event().data().to())
			.build();
	}

}
