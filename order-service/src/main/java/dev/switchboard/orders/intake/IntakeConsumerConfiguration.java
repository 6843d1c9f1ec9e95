package dev.switchboard.orders.intake;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.boot.EventConsumers;
import dev.switchboard.events.orders.OrderReceived;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Consumes {@code orders.received.v1} in group {@code order-service.intake}. */
@Configuration(proxyBeanMethods = false)
class IntakeConsumerConfiguration {

	/** Orders of one partition taken in at once. */
	static final int INTAKE_PER_PARTITION = 8;

	@Bean
	EventConsumer<OrderReceived> orderReceivedConsumer(EventConsumers consumers, OrderReceivedHandler handler) {
		return consumers.builder(Topic.ORDERS_RECEIVED, OrderReceivedHandler.CONSUMER_GROUP, OrderReceived.class)
			.handler(handler)
			// Orders are independent of each other (the key is the order): a partition's
			// orders are taken in parallel, each order's events in order.
			.concurrencyPerPartition(INTAKE_PER_PARTITION)
			.build();
	}

}
