package dev.switchboard.templates;

import dev.switchboard.events.outbox.Purge;
import dev.switchboard.events.outbox.boot.HousekeepingProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Housekeeping deletes processed event ids from the inbox past the inbox retention
 * ({@code switchboard.housekeeping.inbox-retention}, longer than the 30 days of
 * wa.template.v1, the topic consumed with the inbox).
 */
@Configuration(proxyBeanMethods = false)
class InboxHousekeeping {

	@Bean
	Purge inboxPurge(HousekeepingProperties housekeeping) {
		return Purge.inbox(housekeeping.inboxRetention());
	}

}
