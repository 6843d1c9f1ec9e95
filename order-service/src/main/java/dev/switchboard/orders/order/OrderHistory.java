package dev.switchboard.orders.order;

import java.time.Instant;
import java.util.UUID;

import dev.switchboard.events.orders.OrderChanged;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/** The audit trail of orders: one entry per lifecycle change. */
@Component
public class OrderHistory {

	private final DatabaseClient database;

	OrderHistory(DatabaseClient database) {
		this.database = database;
	}

	/** Records a change; a change recorded before (a replay) is kept as it was. */
	public Mono<Void> append(String tenantId, OrderChanged change) {
		GenericExecuteSpec spec = this.database.sql("""
				INSERT INTO order_events (order_id, sequence, tenant_id, status, previous_status, reason, occurred_at)
				VALUES (:orderId, :sequence, :tenantId, :status, :previous, :reason, :at)
				ON CONFLICT DO NOTHING
				""")
			.bind("orderId", UUID.fromString(change.orderId()))
			.bind("sequence", change.sequence())
			.bind("tenantId", tenantId)
			.bind("status", change.status())
			.bind("at", change.occurredAt());
		spec = (change.previousStatus() != null) ? spec.bind("previous", change.previousStatus())
				: spec.bindNull("previous", String.class);
		spec = (change.reason() != null) ? spec.bind("reason", change.reason()) : spec.bindNull("reason", String.class);
		return spec.then();
	}

	/** The order's changes in order; empty for other tenants' orders. */
	public Flux<Entry> of(String tenantId, UUID orderId) {
		return this.database.sql("""
				SELECT sequence, status, previous_status, reason, occurred_at FROM order_events
				WHERE tenant_id = :tenantId AND order_id = :orderId ORDER BY sequence
				""")
			.bind("tenantId", tenantId)
			.bind("orderId", orderId)
			.map((row) -> new Entry(row.get("sequence", Long.class), row.get("status", String.class),
					row.get("previous_status", String.class), row.get("reason", String.class),
					row.get("occurred_at", Instant.class)))
			.all();
	}

	/**
	 * One change of an order.
	 *
	 * @param sequence position in the order's history, from 1
	 * @param status status after the change
	 * @param previousStatus status before, null for the first entry
	 * @param reason why, may be null
	 * @param at when it happened
	 */
	public record Entry(long sequence, String status, String previousStatus, String reason, Instant at) {
	}

}
