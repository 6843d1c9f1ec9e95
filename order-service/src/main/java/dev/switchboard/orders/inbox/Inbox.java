package dev.switchboard.orders.inbox;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Event ids a consumer group has processed. Recording an id in the transaction of its
 * state change makes a redelivered event a no-op.
 */
@Component
public class Inbox {

	private final DatabaseClient database;

	Inbox(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * Records the event as processed by the group; call inside the transaction of the
	 * state change.
	 * @return true the first time, false when the group has processed it already
	 */
	public Mono<Boolean> firstDelivery(String consumerGroup, String eventId, String tenantId) {
		return this.database
			.sql("INSERT INTO inbox (consumer_group, event_id, tenant_id, processed_at) "
					+ "VALUES (:group, :eventId, :tenantId, now()) ON CONFLICT DO NOTHING")
			.bind("group", consumerGroup)
			.bind("eventId", eventId)
			.bind("tenantId", tenantId)
			.fetch()
			.rowsUpdated()
			.map((inserted) -> inserted > 0);
	}

}
