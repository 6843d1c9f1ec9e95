package dev.switchboard.messaging.messages.delivery;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.boot.EventConsumers;
import dev.switchboard.events.messaging.SendMessageCommand;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Consumes {@code messaging.commands.v1} in group {@code messaging-service.sender}. */
@Configuration(proxyBeanMethods = false)
class SendConsumerConfiguration {

	@Bean
	EventConsumer<SendMessageCommand> sendCommandConsumer(EventConsumers consumers, SendWorker worker) {
		return consumers.builder(Topic.MESSAGING_COMMANDS, SendWorker.CONSUMER_GROUP, SendMessageCommand.class)
			.handler(worker)
			.build();
	}

}
