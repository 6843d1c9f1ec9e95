package dev.switchboard.messaging.messages.status;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.EventSubscription;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.wa.WaStatus;
import dev.switchboard.messaging.kafka.ManagedConsumer;

import org.springframework.stereotype.Component;

/** Consumes {@code wa.status.v1} in group {@code messaging-service.statuses}. */
@Component
class StatusConsumer implements ManagedConsumer {

	private final KafkaSettings settings;

	private final EventPublisher publisher;

	private final StatusEventHandler handler;

	StatusConsumer(KafkaSettings settings, EventPublisher publisher, StatusEventHandler handler) {
		this.settings = settings;
		this.publisher = publisher;
		this.handler = handler;
	}

	@Override
	public EventSubscription start() {
		return EventConsumer.builder(this.settings, Topic.WA_STATUS, StatusEventHandler.CONSUMER_GROUP, WaStatus.class)
			.handler(this.handler)
			.dlqPublisher(this.publisher)
			.start();
	}

}
