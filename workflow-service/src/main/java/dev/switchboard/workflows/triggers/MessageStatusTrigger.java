package dev.switchboard.workflows.triggers;

import java.util.Map;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.boot.EventConsumers;
import dev.switchboard.events.messaging.MessageStatusChanged;
import dev.switchboard.workflows.definitions.TriggerSpec;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Message status changes are counted by type; a message that failed starts the
 * {@code message_failed} workflows (of its channel, when the trigger names one), e.g. an
 * escalation.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "switchboard.workflows.event-triggers.enabled", matchIfMissing = true)
class MessageStatusTrigger {

	static final String GROUP = "workflow-service.message-statuses";

	@Bean
	EventConsumer<MessageStatusChanged> messageStatusTriggerConsumer(EventConsumers consumers, EventTriggers triggers,
			EventTriggerProperties properties, MeterRegistry meters) {
		return consumers.builder(Topic.MESSAGING_EVENTS, GROUP, MessageStatusChanged.class)
			.concurrencyPerPartition(properties.eventsInFlightPerPartition())
			.handler((consumed) -> {
				meters.counter("switchboard.workflows.triggers", "event", consumed.event().type().type()).increment();
				MessageStatusChanged changed = consumed.event().data();
				if (!"failed".equals(changed.status())) {
					return Mono.empty();
				}
				return triggers.fire(TriggerSpec.MESSAGE_FAILED, consumed.event(),
						(trigger) -> trigger.text("channel") == null
								|| trigger.text("channel").equals(changed.channelId()),
						Map.of());
			})
			.build();
	}

}
