package dev.switchboard.messaging.messages.status.store;

import dev.switchboard.events.outbox.Purge;
import dev.switchboard.events.outbox.boot.HousekeepingProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the status fold leaves behind and housekeeping deletes: held statuses past their
 * retention and the fold's inbox (processed status event ids) past the inbox retention.
 */
@Configuration(proxyBeanMethods = false)
class StatusHousekeeping {

	@Bean
	Purge heldStatusesPurge(HeldStatusProperties properties) {
		return new Purge("held_statuses", "received_at", properties.retention());
	}

	@Bean
	Purge inboxPurge(HousekeepingProperties housekeeping) {
		return Purge.inbox(housekeeping.inboxRetention());
	}

}
