package dev.switchboard.messaging.inbox.receipts;

import dev.switchboard.events.outbox.Purge;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Housekeeping deletes read receipts past their retention. */
@Configuration(proxyBeanMethods = false)
class ReadReceiptHousekeeping {

	@Bean
	Purge readReceiptsPurge(ReadReceiptProperties properties) {
		return new Purge("read_receipts", "read_at", properties.retention());
	}

}
