package dev.switchboard.messaging.templates;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.boot.EventConsumers;
import dev.switchboard.events.templates.TemplateChanged;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Consumes {@code templates.events.v1} in group {@code messaging-service.templates} into
 * the projection; offsets are committed once an event is applied (or found applied), and
 * this instance's copy of the template is forgotten.
 */
@Configuration(proxyBeanMethods = false)
class TemplateConsumerConfiguration {

	@Bean
	EventConsumer<TemplateChanged> templateEventsConsumer(EventConsumers consumers, TemplateProjection projection,
			KnownTemplates known) {
		return consumers.builder(Topic.TEMPLATES_EVENTS, TemplateProjection.CONSUMER_GROUP, TemplateChanged.class)
			.handler((consumed) -> projection.apply(consumed.event())
				.then(Mono.fromRunnable(() -> forget(known, consumed.event()))))
			.build();
	}

	private static void forget(KnownTemplates known, EventEnvelope<TemplateChanged> event) {
		if (event.data() != null && event.data().name() != null) {
			known.forget(event.tenantId(), event.data().name());
		}
	}

}
