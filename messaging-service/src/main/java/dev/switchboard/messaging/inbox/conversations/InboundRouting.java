package dev.switchboard.messaging.inbox.conversations;

import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The queue a new conversation opens in: the active queue that claims the business number
 * it was written to, else the tenant's default queue if it is active, else none (the
 * general backlog). An inactive queue never receives.
 */
@Component
class InboundRouting {

	/** The actor of routing entries in the audit trail. */
	static final String ACTOR = "routing";

	private final DatabaseClient database;

	InboundRouting(DatabaseClient database) {
		this.database = database;
	}

	/** The queue for a new conversation on the number; empty for the general backlog. */
	Mono<Route> queueFor(String tenantId, String phoneNumberId) {
		return this.database.sql("""
				SELECT q.id, (n.queue_id IS NOT NULL) AS by_number FROM queues q
				LEFT JOIN queue_phone_numbers n ON n.tenant_id = q.tenant_id AND n.queue_id = q.id
				  AND n.phone_number_id = :number
				WHERE q.tenant_id = :tenantId AND q.active AND (n.queue_id IS NOT NULL OR q.is_default)
				ORDER BY (n.queue_id IS NOT NULL) DESC LIMIT 1""")
			.bind("tenantId", tenantId)
			.bind("number", phoneNumberId)
			.map((row) -> new Route(row.get("id", UUID.class),
					Boolean.TRUE.equals(row.get("by_number", Boolean.class)) ? Rule.PHONE_NUMBER : Rule.DEFAULT_QUEUE))
			.one();
	}

	/** Why a conversation opened in its queue. */
	enum Rule {

		/** The queue claims the conversation's business number. */
		PHONE_NUMBER,

		/** No active queue claims the number; the tenant's default queue takes it. */
		DEFAULT_QUEUE

	}

	/**
	 * Where a new conversation goes.
	 *
	 * @param queueId the queue
	 * @param rule why
	 */
	record Route(UUID queueId, Rule rule) {
	}

}
