package dev.switchboard.orders.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.events.EventJson;
import dev.switchboard.events.orders.OrderChanged;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/** Rows of the {@code orders} table, always within one tenant. */
@Component
public class OrderStore {

	public static final String COLUMNS = """
			id, tenant_id, source, external_order_id, branch, status, reason, sequence, urgent, customer_name,
			    customer_email, customer_phone, whatsapp_alerts, amount, currency, country, details, cbb_contact_id,
			    confirmation_attempt, confirmation_message_id, confirmation_channel_id, confirmation_requested_at,
			    received_at, updated_at""";

	private static final String VALUES = """
			:id, :tenantId, :source, :externalOrderId, :branch, :status, :reason, :sequence, :urgent, :customerName,
			    :customerEmail, :customerPhone, :whatsappAlerts, :amount, :currency, :country, :details, :cbbContactId,
			    :confirmationAttempt, :confirmationMessageId, :confirmationChannelId, :confirmationRequestedAt,
			    :receivedAt, :updatedAt""";

	private static final String INSERT = """
			WITH created AS (
			    INSERT INTO orders (%1$s)
			    VALUES (%2$s)
			    ON CONFLICT (tenant_id, source, external_order_id) DO NOTHING
			    RETURNING id),
			history AS (
			    INSERT INTO order_events (order_id, sequence, tenant_id, status, previous_status, reason, occurred_at)
			    SELECT id, :eventSequence, :tenantId, :eventStatus, NULL, :eventReason, :occurredAt FROM created),
			payload AS (
			    INSERT INTO order_payloads (order_id, tenant_id, event_id, payload, received_at)
			    SELECT id, :tenantId, :payloadEventId, :payload, :receivedAt FROM created
			    ON CONFLICT DO NOTHING)
			SELECT count(*) AS inserted FROM created
			""".formatted(COLUMNS, VALUES);

	private static final String UPDATE = """
			UPDATE orders SET status = :status, reason = :reason, sequence = :sequence, urgent = :urgent,
			    customer_name = :customerName, customer_email = :customerEmail, customer_phone = :customerPhone,
			    whatsapp_alerts = :whatsappAlerts, amount = :amount, currency = :currency, country = :country,
			    details = :details, cbb_contact_id = :cbbContactId, confirmation_attempt = :confirmationAttempt,
			    confirmation_message_id = :confirmationMessageId, confirmation_channel_id = :confirmationChannelId,
			    confirmation_requested_at = :confirmationRequestedAt, updated_at = :updatedAt
			WHERE tenant_id = :tenantId AND id = :id AND source = :source AND external_order_id = :externalOrderId
			    AND branch = :branch AND received_at = :receivedAt
			""";

	/** One row per event of a batch, as {@link #applyChanges} writes them to JSON. */
	private static final String BATCH_ROWS = """
			jsonb_to_recordset(CAST(:batch AS jsonb)) AS b(id uuid, tenant_id text, source text, external_order_id text,
			    branch text, status text, reason text, sequence bigint, urgent boolean, customer_name text,
			    customer_email text, customer_phone text, whatsapp_alerts boolean, amount numeric, currency text,
			    country text, details jsonb, cbb_contact_id text, confirmation_attempt integer,
			    confirmation_message_id uuid, confirmation_channel_id text, confirmation_requested_at timestamptz,
			    received_at timestamptz, updated_at timestamptz, event_sequence bigint, event_status text,
			    previous_status text, event_reason text, occurred_at timestamptz)""";

	/**
	 * Every event's history entry, and per order the newest state of the batch where it
	 * is newer than the row. Orders are written in id order, so that batches applied side
	 * by side lock rows in the same order (no deadlock).
	 */
	private static final String APPLY_CHANGES = """
			WITH batch AS (SELECT * FROM %1$s),
			history AS (
			    INSERT INTO order_events (order_id, sequence, tenant_id, status, previous_status, reason, occurred_at)
			    SELECT id, event_sequence, tenant_id, event_status, previous_status, event_reason, occurred_at FROM batch
			    ON CONFLICT DO NOTHING)
			INSERT INTO orders (%2$s)
			SELECT DISTINCT ON (id) %2$s FROM batch ORDER BY id, sequence DESC
			ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason,
			    sequence = EXCLUDED.sequence, urgent = EXCLUDED.urgent, customer_name = EXCLUDED.customer_name,
			    customer_email = EXCLUDED.customer_email, customer_phone = EXCLUDED.customer_phone,
			    whatsapp_alerts = EXCLUDED.whatsapp_alerts, amount = EXCLUDED.amount, currency = EXCLUDED.currency,
			    country = EXCLUDED.country, details = EXCLUDED.details, cbb_contact_id = EXCLUDED.cbb_contact_id,
			    confirmation_attempt = EXCLUDED.confirmation_attempt,
			    confirmation_message_id = EXCLUDED.confirmation_message_id,
			    confirmation_channel_id = EXCLUDED.confirmation_channel_id,
			    confirmation_requested_at = EXCLUDED.confirmation_requested_at, updated_at = EXCLUDED.updated_at
			WHERE orders.sequence < EXCLUDED.sequence
			"""
		.formatted(BATCH_ROWS, COLUMNS);

	private static final String FIND = """
			SELECT %s FROM orders WHERE tenant_id = :tenantId AND id = :id
			""".formatted(COLUMNS);

	private static final String LOCK = """
			SELECT %s FROM orders WHERE tenant_id = :tenantId AND id = :id FOR UPDATE
			""".formatted(COLUMNS);

	private static final String LOCK_BY_CONFIRMATION = """
			SELECT %s FROM orders WHERE tenant_id = :tenantId AND confirmation_message_id = :messageId FOR UPDATE
			""".formatted(COLUMNS);

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final DatabaseClient database;

	OrderStore(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * Inserts a new order with its first history entry and the payload it arrived with,
	 * in one statement (intake runs it for every order); false, and nothing written, when
	 * the tenant already has the order from that source.
	 */
	Mono<Boolean> insert(Order order, OrderChanged first, ArrivedPayload arrived) {
		GenericExecuteSpec spec = this.database.sql(INSERT);
		spec = bindAll(spec, order).bind("eventSequence", first.sequence())
			.bind("eventStatus", first.status())
			.bind("occurredAt", first.occurredAt())
			.bind("payloadEventId", arrived.eventId())
			.bind("payload", Json.of(EventJson.write(arrived.body())));
		spec = nullable(spec, "eventReason", first.reason(), String.class);
		return spec.map((row) -> row.get("inserted", Long.class)).one().map((count) -> count > 0);
	}

	/** Writes the whole row of an existing order. */
	Mono<Void> update(Order order) {
		return bindAll(this.database.sql(UPDATE), order).then();
	}

	/**
	 * Rebuild: records each change in the history and writes the state it carries when it
	 * is newer than the row (or the row is missing), for a whole batch in one statement
	 * (no transaction needed, one round trip: this runs for every live event too).
	 * Changes without an order snapshot are skipped.
	 */
	public Mono<Void> applyChanges(List<OrderChanged> changes) {
		List<Map<String, Object>> rows = new ArrayList<>(changes.size());
		for (OrderChanged change : changes) {
			if (change.order() != null) {
				rows.add(batchRow(Order.fromSnapshot(change.order()), change));
			}
		}
		if (rows.isEmpty()) {
			return Mono.empty();
		}
		return this.database.sql(APPLY_CHANGES).bind("batch", EventJson.mapper().writeValueAsString(rows)).then();
	}

	private static Map<String, Object> batchRow(Order order, OrderChanged change) {
		Map<String, Object> row = new HashMap<>(40);
		row.put("id", order.id().toString());
		row.put("tenant_id", order.tenantId());
		row.put("source", order.source());
		row.put("external_order_id", order.externalOrderId());
		row.put("branch", order.branch());
		row.put("status", order.status().value());
		row.put("reason", order.reason());
		row.put("sequence", order.sequence());
		row.put("urgent", order.urgent());
		row.put("customer_name", order.customerName());
		row.put("customer_email", order.customerEmail());
		row.put("customer_phone", order.customerPhone());
		row.put("whatsapp_alerts", order.whatsappAlerts());
		row.put("amount", order.amount());
		row.put("currency", order.currency());
		row.put("country", order.country());
		row.put("details", order.details());
		row.put("cbb_contact_id", order.cbbContactId());
		row.put("confirmation_attempt", order.confirmationAttempt());
		row.put("confirmation_message_id", text(order.confirmationMessageId()));
		row.put("confirmation_channel_id", order.confirmationChannelId());
		row.put("confirmation_requested_at", text(order.confirmationRequestedAt()));
		row.put("received_at", text(order.receivedAt()));
		row.put("updated_at", text(order.updatedAt()));
		row.put("event_sequence", change.sequence());
		row.put("event_status", change.status());
		row.put("previous_status", change.previousStatus());
		row.put("event_reason", change.reason());
		row.put("occurred_at", text(change.occurredAt()));
		return row;
	}

	private static String text(Object value) {
		return (value != null) ? value.toString() : null;
	}

	/** The tenant's order, locked for the transaction. */
	public Mono<Order> lock(String tenantId, UUID id) {
		return this.database.sql(LOCK).bind("tenantId", tenantId).bind("id", id).map(OrderStore::order).one();
	}

	/** The order whose latest confirmation has that message id, locked. */
	public Mono<Order> lockByConfirmation(String tenantId, UUID messageId) {
		return this.database.sql(LOCK_BY_CONFIRMATION)
			.bind("tenantId", tenantId)
			.bind("messageId", messageId)
			.map(OrderStore::order)
			.one();
	}

	/** The tenant's order; empty for unknown ids and other tenants' ids. */
	public Mono<Order> find(String tenantId, UUID id) {
		return this.database.sql(FIND).bind("tenantId", tenantId).bind("id", id).map(OrderStore::order).one();
	}

	private static GenericExecuteSpec bindAll(GenericExecuteSpec spec, Order order) {
		GenericExecuteSpec bound = spec.bind("id", order.id())
			.bind("tenantId", order.tenantId())
			.bind("source", order.source())
			.bind("externalOrderId", order.externalOrderId())
			.bind("branch", order.branch())
			.bind("status", order.status().value())
			.bind("sequence", order.sequence())
			.bind("urgent", order.urgent())
			.bind("whatsappAlerts", order.whatsappAlerts())
			.bind("details", Json.of(EventJson.write(order.details())))
			.bind("confirmationAttempt", order.confirmationAttempt())
			.bind("receivedAt", order.receivedAt())
			.bind("updatedAt", order.updatedAt());
		bound = nullable(bound, "reason", order.reason(), String.class);
		bound = nullable(bound, "customerName", order.customerName(), String.class);
		bound = nullable(bound, "customerEmail", order.customerEmail(), String.class);
		bound = nullable(bound, "customerPhone", order.customerPhone(), String.class);
		bound = nullable(bound, "amount", order.amount(), BigDecimal.class);
		bound = nullable(bound, "currency", order.currency(), String.class);
		bound = nullable(bound, "country", order.country(), String.class);
		bound = nullable(bound, "cbbContactId", order.cbbContactId(), String.class);
		bound = nullable(bound, "confirmationMessageId", order.confirmationMessageId(), UUID.class);
		bound = nullable(bound, "confirmationChannelId", order.confirmationChannelId(), String.class);
		return nullable(bound, "confirmationRequestedAt", order.confirmationRequestedAt(), Instant.class);
	}

	private static <T> GenericExecuteSpec nullable(GenericExecuteSpec spec, String name, T value, Class<T> type) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, type);
	}

	/** Maps a row selected with {@link #COLUMNS}. */
	public static Order order(Readable row) {
		Json details = row.get("details", Json.class);
		return new Order(row.get("id", UUID.class), row.get("tenant_id", String.class), row.get("source", String.class),
				row.get("external_order_id", String.class), row.get("branch", String.class),
				OrderStatus.of(row.get("status", String.class)), row.get("reason", String.class),
				row.get("sequence", Long.class), Boolean.TRUE.equals(row.get("urgent", Boolean.class)),
				row.get("customer_name", String.class), row.get("customer_email", String.class),
				row.get("customer_phone", String.class), Boolean.TRUE.equals(row.get("whatsapp_alerts", Boolean.class)),
				row.get("amount", BigDecimal.class), row.get("currency", String.class),
				row.get("country", String.class),
				(details != null) ? EventJson.mapper().readValue(details.asArray(), MAP) : Map.of(),
				row.get("cbb_contact_id", String.class), row.get("confirmation_attempt", Integer.class),
				row.get("confirmation_message_id", UUID.class), row.get("confirmation_channel_id", String.class),
				row.get("confirmation_requested_at", Instant.class), row.get("received_at", Instant.class),
				row.get("updated_at", Instant.class));
	}

}
