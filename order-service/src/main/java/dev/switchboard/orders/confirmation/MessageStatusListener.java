package dev.switchboard.orders.confirmation;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.boot.EventConsumers;
import dev.switchboard.events.messaging.MessageStatusChanged;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Follows outbound message statuses: an order becomes confirmed when its confirmation is
 * sent. Until orders are stored, the statuses are only counted.
 */
@Configuration(proxyBeanMethods = false)
class MessageStatusListener {

	static final String GROUP = "order-service.message-statuses";

	@Bean
	EventConsumer<MessageStatusChanged> messageStatusConsumer(EventConsumers consumers, MeterRegistry meters) {
		return consumers.builder(Topic.MESSAGING_EVENTS, GROUP, MessageStatusChanged.class).handler((consumed) -> {
			meters.counter("switchboard.orders.message.statuses", "status", consumed.event().data().status())
				.increment();
			return Mono.empty();
		}).build();
	}

}
