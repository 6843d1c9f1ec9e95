package dev.switchboard.messaging;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The messaging service: accepts outbound WhatsApp messages, sends them through the
 * channel's provider, folds their delivery statuses and serves them back.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MessagingApplication {

	public static void main(String[] args) {
		SpringApplication.run(MessagingApplication.class, args);
	}

}
