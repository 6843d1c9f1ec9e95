package dev.switchboard.messaging.templates;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.boot.EventConsumers;
import dev.switchboard.events.templates.TemplateChanged;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Consumes {@code templates.events.v1} in group {@code messaging-service.templates} into
 * the projection; offsets are committed once an event is applied (or found applied).
 */
@Configuration(proxyBeanMethods = false)
class TemplateConsumerConfiguration {

	@Bean
	EventConsumer<TemplateChanged> templateEventsConsumer(EventConsumers consumers, TemplateProjection projection) {
		return consumers.builder(Topic.TEMPLATES_EVENTS, TemplateProjection.CONSUMER_GROUP, TemplateChanged.class)
			.handler((consumed) -> projection.apply(consumed.event()))
			.build();
	}

}
