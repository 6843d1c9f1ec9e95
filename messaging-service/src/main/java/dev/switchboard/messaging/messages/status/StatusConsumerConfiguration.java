package dev.switchboard.messaging.messages.status;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.boot.EventConsumers;
import dev.switchboard.events.wa.WaStatus;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Consumes {@code wa.status.v1} in group {@code messaging-service.statuses}. */
@Configuration(proxyBeanMethods = false)
class StatusConsumerConfiguration {

	@Bean
	EventConsumer<WaStatus> waStatusConsumer(EventConsumers consumers, StatusEventHandler handler,
			StatusProperties properties) {
		return consumers.builder(Topic.WA_STATUS, StatusEventHandler.CONSUMER_GROUP, WaStatus.class)
			.handler(handler)
			// Keyed by recipient: different contacts' statuses fold side by side, one
			// contact's in order (CBB statuses are matched by recipient, first come
			// first). What is handed in at once is folded in batches, so this also
			// bounds how full a batch gets.
			.concurrencyPerPartition(properties.foldsInFlightPerPartition())
			.build();
	}

}
