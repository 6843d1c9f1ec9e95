package dev.switchboard.orders.projection;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.boot.EventConsumers;
import dev.switchboard.events.orders.OrderChanged;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Consumes {@code orders.events.v1} in group {@code order-service.projection}; resetting
 * this group to the earliest offsets after dropping the read tables rebuilds them.
 */
@Configuration(proxyBeanMethods = false)
class ProjectionConsumerConfiguration {

	@Bean
	EventConsumer<OrderChanged> orderProjectionConsumer(EventConsumers consumers, OrderProjector projector,
			ProjectionProperties properties) {
		return consumers.builder(Topic.ORDERS_EVENTS, OrderProjector.CONSUMER_GROUP, OrderChanged.class)
			.handler(projector)
			// Keyed by order: different orders' events are applied side by side, in
			// batches; one order's in order.
			.concurrencyPerPartition(properties.eventsInFlightPerPartition())
			.build();
	}

}
