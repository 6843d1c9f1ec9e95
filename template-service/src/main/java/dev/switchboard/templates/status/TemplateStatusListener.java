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
 * Meta's template status updates (approved, rejected, paused…) decide which templates
 * messaging may send. Until templates are stored, the updates are only counted.
 */
@Configuration(proxyBeanMethods = false)
class TemplateStatusListener {

	static final String GROUP = "template-service.template-statuses";

	@Bean
	EventConsumer<WaTemplateStatus> templateStatusConsumer(EventConsumers consumers, MeterRegistry meters) {
		return consumers.builder(Topic.WA_TEMPLATE, GROUP, WaTemplateStatus.class).handler((consumed) -> {
			meters.counter("switchboard.templates.status.updates", "event", consumed.event().data().event())
				.increment();
			return Mono.empty();
		}).build();
	}

}
