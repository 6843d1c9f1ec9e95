package dev.switchboard.events.outbox;

import java.util.Objects;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Event ids a consumer group has processed. Recording an id in the transaction of its
 * state change makes a redelivered event a no-op.
 * <p>
 * The table has the columns {@code consumer_group, event_id, tenant_id text,
 * processed_at timestamptz} with the primary key {@code (consumer_group, event_id)}.
 */
public class Inbox {

	/** The table name every service uses. */
	public static final String DEFAULT_TABLE = "inbox";

	private final DatabaseClient database;

	private final String insert;

	public Inbox(DatabaseClient database) {
		this(database, DEFAULT_TABLE);
	}

	/**
	 * Creates the inbox kept in a table.
	 * @param database the client whose transactions processed ids are recorded in
	 * @param table the inbox table, a lower-case SQL name (optionally schema-qualified)
	 */
	public Inbox(DatabaseClient database, String table) {
		this.database = Objects.requireNonNull(database, "database");
		this.insert = "INSERT INTO " + Outbox.checkTable(table)
				+ " (consumer_group, event_id, tenant_id, processed_at) "
				+ "VALUES (:group, :eventId, :tenantId, now()) ON CONFLICT DO NOTHING";
	}

	/**
	 * Records the event as processed by the group; call inside the transaction of the
	 * state change.
	 * @return true the first time, false when the group has processed it already
	 */
	public Mono<Boolean> firstDelivery(String consumerGroup, String eventId, String tenantId) {
		return this.database.sql(this.insert)
			.bind("group", consumerGroup)
			.bind("eventId", eventId)
			.bind("tenantId", tenantId)
			.fetch()
			.rowsUpdated()
			.map((inserted) -> inserted > 0);
	}

}
