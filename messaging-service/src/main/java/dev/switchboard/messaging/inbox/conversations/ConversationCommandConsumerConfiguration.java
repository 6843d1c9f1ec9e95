package dev.switchboard.messaging.inbox.conversations;

import dev.switchboard.events.Topic;
import dev.switchboard.events.conversations.ConversationCommand;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.boot.EventConsumers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Consumes {@code conversations.commands.v1} in group
 * {@code messaging-service.conversation-commands}; keyed by conversation, so one
 * conversation's commands apply in order.
 */
@Configuration(proxyBeanMethods = false)
class ConversationCommandConsumerConfiguration {

	@Bean
	EventConsumer<ConversationCommand> conversationCommandConsumer(EventConsumers consumers,
			ConversationCommands commands) {
		return consumers
			.builder(Topic.CONVERSATIONS_COMMANDS, ConversationCommands.CONSUMER_GROUP, ConversationCommand.class)
			.handler(commands)
			.build();
	}

}
