package dev.switchboard.templates;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The template service: keeps every tenant's WhatsApp message templates as Meta holds
 * them (full syncs and template webhooks), publishes each change on
 * {@code templates.events.v1}, and answers template reads per tenant.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TemplateServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(TemplateServiceApplication.class, args);
	}

}
