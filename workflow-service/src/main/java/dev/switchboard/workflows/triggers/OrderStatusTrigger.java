package dev.switchboard.workflows.triggers;

import java.util.Map;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.boot.EventConsumers;
import dev.switchboard.events.orders.OrderChanged;
import dev.switchboard.workflows.definitions.TriggerSpec;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An order reaching a status starts the {@code order_status} workflows waiting for that
 * status (e.g. a follow-up three days after {@code confirmed}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "switchboard.workflows.event-triggers.enabled", matchIfMissing = true)
class OrderStatusTrigger {

	static final String GROUP = "workflow-service.order-triggers";

	@Bean
	EventConsumer<OrderChanged> orderStatusTriggerConsumer(EventConsumers consumers, EventTriggers triggers,
			EventTriggerProperties properties) {
		return consumers.builder(Topic.ORDERS_EVENTS, GROUP, OrderChanged.class)
			.concurrencyPerPartition(properties.eventsInFlightPerPartition())
			.handler((consumed) -> {
				OrderChanged changed = consumed.event().data();
				if (changed.status() == null || changed.status().equals(changed.previousStatus())) {
					return reactor.core.publisher.Mono.empty();
				}
				return triggers.fire(TriggerSpec.ORDER_STATUS, consumed.event(),
						(trigger) -> changed.status().equals(trigger.text("status")), Map.of());
			})
			.build();
	}

}
