package dev.switchboard.workflows.triggers;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.boot.EventConsumers;
import dev.switchboard.events.messaging.MessageStatusChanged;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Message status changes are workflow triggers ("when the confirmation is read"). Until
 * workflow definitions exist, they are only counted.
 */
@Configuration(proxyBeanMethods = false)
class MessageStatusTrigger {

	static final String GROUP = "workflow-service.message-statuses";

	@Bean
	EventConsumer<MessageStatusChanged> messageStatusTriggerConsumer(EventConsumers consumers, MeterRegistry meters) {
		return consumers.builder(Topic.MESSAGING_EVENTS, GROUP, MessageStatusChanged.class).handler((consumed) -> {
			meters.counter("switchboard.workflows.triggers", "event", consumed.event().type().type()).increment();
			return Mono.empty();
		}).build();
	}

}
