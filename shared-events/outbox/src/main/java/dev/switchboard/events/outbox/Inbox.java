package dev.switchboard.events.outbox;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

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

	private final String insertAll;

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
		String checked = Outbox.checkTable(table);
		this.insert = """
				INSERT INTO %s (consumer_group, event_id, tenant_id, processed_at)
				VALUES (:group, :eventId, :tenantId, now())
				ON CONFLICT DO NOTHING""".formatted(checked);
		this.insertAll = """
				INSERT INTO %s (consumer_group, event_id, tenant_id, processed_at)
				SELECT :group, d.event_id, d.tenant_id, now()
				FROM unnest(:eventIds::text[], :tenantIds::text[]) AS d(event_id, tenant_id)
				ON CONFLICT DO NOTHING
				RETURNING event_id""".formatted(checked);
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

	/**
	 * Records several events as processed by the group in one statement; call inside the
	 * transaction of their state changes. Ids are recorded in one fixed order (sorted),
	 * so that two transactions recording overlapping ids wait for each other rather than
	 * deadlock.
	 * @return the ids recorded now (first deliveries); ids the group has processed
	 * already are left out, and an id repeated in the list counts once
	 */
	public Mono<Set<String>> firstDeliveries(String consumerGroup, List<Delivery> deliveries) {
		Map<String, String> tenantsById = new TreeMap<>();
		deliveries.forEach((delivery) -> tenantsById.putIfAbsent(delivery.eventId(), delivery.tenantId()));
		if (tenantsById.isEmpty()) {
			return Mono.just(Set.of());
		}
		return this.database.sql(this.insertAll)
			.bind("group", consumerGroup)
			.bind("eventIds", tenantsById.keySet().toArray(new String[0]))
			.bind("tenantIds", tenantsById.values().toArray(new String[0]))
			.map((row) -> row.get("event_id", String.class))
			.all()
			.collect(Collectors.toUnmodifiableSet());
	}

	/**
	 * An event delivered to a consumer group.
	 *
	 * @param eventId the event's id
	 * @param tenantId its tenant
	 */
	public record Delivery(String eventId, String tenantId) {

		public Delivery {
			Objects.requireNonNull(eventId, "eventId");
		}

	}

}
