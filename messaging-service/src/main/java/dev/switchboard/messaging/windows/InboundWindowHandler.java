package dev.switchboard.messaging.windows;

import java.time.Instant;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.ConsumedEvent;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.EventHandler;
import dev.switchboard.events.kafka.boot.EventConsumers;
import dev.switchboard.events.wa.WaInboundMessage;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Opens or extends customer-service windows from {@code wa.inbound.v1} (group
 * {@code messaging-service.windows}). Idempotent: the window keeps the latest time.
 */
@Configuration(proxyBeanMethods = false)
class InboundWindowHandler {

	static final String CONSUMER_GROUP = "messaging-service.windows";

	@Bean
	EventConsumer<WaInboundMessage> inboundWindowConsumer(EventConsumers consumers, ServiceWindows windows) {
		EventHandler<WaInboundMessage> handler = (consumed) -> handle(windows, consumed);
		return consumers.builder(Topic.WA_INBOUND, CONSUMER_GROUP, WaInboundMessage.class).handler(handler).build();
	}

	static Mono<Void> handle(ServiceWindows windows, ConsumedEvent<WaInboundMessage> consumed) {
		EventEnvelope<WaInboundMessage> event = consumed.event();
		WaInboundMessage message = event.data();
		// System messages open no window. A sender known only by its business-scoped user
		// id gets a window under that id.
		String contact = (message.from() != null && !message.from().isBlank()) ? message.from() : message.fromUserId();
		if (contact == null || contact.isBlank() || message.phoneNumberId() == null
				|| "system".equals(message.type())) {
			return Mono.empty();
		}
		Instant at = (message.timestamp() != null) ? message.timestamp() : event.time();
		return windows.inbound(event.tenantId(), message.phoneNumberId(), contact, at);
	}

}
