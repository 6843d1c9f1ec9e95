package dev.switchboard.orders.order;

import java.math.BigDecimal;
import java.time.Instant;
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

	private static final String APPLY_CHANGE = """
			WITH history AS (
			    INSERT INTO order_events (order_id, sequence, tenant_id, status, previous_status, reason, occurred_at)
			    VALUES (:id, :eventSequence, :tenantId, :eventStatus, :previousStatus, :eventReason, :occurredAt)
			    ON CONFLICT DO NOTHING)
			INSERT INTO orders (%1$s)
			VALUES (%2$s)
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
			""".formatted(COLUMNS, VALUES);

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
	 * Rebuild: records the change in the history and writes the state it carries when it
	 * is newer than the row (or the row is missing), in one statement (no transaction
	 * needed, one round trip: this runs for every live event too).
	 */
	public Mono<Boolean> applyChange(Order order, OrderChanged change) {
		GenericExecuteSpec spec = this.database.sql(APPLY_CHANGE);
		spec = bindAll(spec, order).bind("eventSequence", change.sequence())
			.bind("eventStatus", change.status())
			.bind("occurredAt", change.occurredAt());
		spec = nullable(spec, "previousStatus", change.previousStatus(), String.class);
		spec = nullable(spec, "eventReason", change.reason(), String.class);
		return spec.fetch().rowsUpdated().map((count) -> count > 0);
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
