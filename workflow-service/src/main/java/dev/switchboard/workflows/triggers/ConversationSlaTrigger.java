package dev.switchboard.workflows.triggers;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.switchboard.events.Topic;
import dev.switchboard.events.conversations.ConversationChanged;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.boot.EventConsumers;
import dev.switchboard.workflows.definitions.TriggerSpec;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A support conversation breaching its SLA ({@code SLA_BREACHED} on
 * {@code conversations.events.v1}) starts the {@code conversation_sla_breached} workflows
 * whose filter (queue, priority, tags) it matches; every other change starts nothing.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "switchboard.workflows.event-triggers.enabled", matchIfMissing = true)
class ConversationSlaTrigger {

	static final String GROUP = "workflow-service.conversation-triggers";

	static final String SLA_BREACHED = "SLA_BREACHED";

	@Bean
	EventConsumer<ConversationChanged> conversationSlaTriggerConsumer(EventConsumers consumers, EventTriggers triggers,
			EventTriggerProperties properties) {
		return consumers.builder(Topic.CONVERSATIONS_EVENTS, GROUP, ConversationChanged.class)
			.concurrencyPerPartition(properties.eventsInFlightPerPartition())
			.handler((consumed) -> {
				ConversationChanged changed = consumed.event().data();
				if (changed == null || !SLA_BREACHED.equals(changed.change())) {
					return Mono.empty();
				}
				return triggers.fire(TriggerSpec.CONVERSATION_SLA_BREACHED, consumed.event(),
						(trigger) -> accepts(trigger, changed), Map.of());
			})
			.build();
	}

	/** Every filter the trigger names matches the conversation. */
	static boolean accepts(TriggerSpec trigger, ConversationChanged changed) {
		String queueId = trigger.text("queueId");
		if (queueId != null && !queueId.equalsIgnoreCase(String.valueOf(changed.queueId()))) {
			return false;
		}
		String priority = trigger.text("priority");
		if (priority != null && !priority.equals(changed.priority())) {
			return false;
		}
		Set<String> carried = changed.tags()
			.stream()
			.map((tag) -> tag.toLowerCase(Locale.ROOT))
			.collect(Collectors.toSet());
		return trigger.texts("tags").stream().allMatch((tag) -> carried.contains(tag.strip().toLowerCase(Locale.ROOT)));
	}

}
