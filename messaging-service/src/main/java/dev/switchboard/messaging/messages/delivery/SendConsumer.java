package dev.switchboard.messaging.messages.delivery;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.EventSubscription;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.messaging.SendMessageCommand;
import dev.switchboard.messaging.kafka.ManagedConsumer;

import org.springframework.stereotype.Component;

/** Consumes {@code messaging.commands.v1} in group {@code messaging-service.sender}. */
@Component
class SendConsumer implements ManagedConsumer {

	private final KafkaSettings settings;

	private final EventPublisher publisher;

	private final SendWorker worker;

	SendConsumer(KafkaSettings settings, EventPublisher publisher, SendWorker worker) {
		this.settings = settings;
		this.publisher = publisher;
		this.worker = worker;
	}

	@Override
	public EventSubscription start() {
		return EventConsumer
			.builder(this.settings, Topic.MESSAGING_COMMANDS, SendWorker.CONSUMER_GROUP, SendMessageCommand.class)
			.handler(this.worker)
			.dlqPublisher(this.publisher)
			.start();
	}

}
