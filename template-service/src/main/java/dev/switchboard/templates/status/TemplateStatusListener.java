package dev.switchboard.templates.status;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.boot.EventConsumers;
import dev.switchboard.events.wa.WaTemplateStatus;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Meta's template updates on {@code wa.template.v1} (status changes such as approved,
 * rejected or paused, and quality changes) decide which templates messaging may send.
 * Until templates are stored, the updates are only counted, by type and, for status
 * changes, by event.
 */
@Configuration(proxyBeanMethods = false)
class TemplateStatusListener {

	static final String GROUP = "template-service.template-statuses";

	@Bean
	EventConsumer<Object> templateUpdatesConsumer(EventConsumers consumers, MeterRegistry meters) {
		return consumers.builder(Topic.WA_TEMPLATE, GROUP, Object.class).handler((consumed) -> {
			String event = (consumed.event().data() instanceof WaTemplateStatus status) ? status.event() : "none";
			meters.counter("switchboard.templates.updates", "type", consumed.event().type().type(), "event", event)
				.increment();
			return Mono.empty();
		}).build();
	}

}
