package dev.switchboard.templates.webhooks;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.boot.EventConsumers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Consumes {@code wa.template.v1} in group {@code template-service.template-updates};
 * offsets are committed after each update's transaction.
 */
@Configuration(proxyBeanMethods = false)
class WebhookConsumerConfiguration {

	@Bean
	EventConsumer<Object> templateUpdatesConsumer(EventConsumers consumers, TemplateWebhooks webhooks) {
		return consumers.builder(Topic.WA_TEMPLATE, TemplateWebhooks.GROUP, Object.class).handler(webhooks).build();
	}

}
