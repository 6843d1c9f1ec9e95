package dev.switchboard.orders.projection;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.kafka.ConsumedEvent;
import dev.switchboard.events.kafka.EventHandler;
import dev.switchboard.events.orders.OrderChanged;
import dev.switchboard.orders.order.Order;
import dev.switchboard.orders.order.OrderStore;
import dev.switchboard.orders.query.StatsCache;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Applies {@code orders.events.v1} to the read tables: the history entry and the order's
 * full state when it is newer than the row. Live, the write side got there first and this
 * only evicts the tenant's cached stats; after the read tables were dropped, replaying
 * the topic from the beginning restores them exactly, with no CBB call and no send (this
 * handler calls no one and schedules nothing).
 */
@Component
public class OrderProjector implements EventHandler<OrderChanged> {

	static final String CONSUMER_GROUP = "order-service.projection";

	private final OrderStore orders;

	private final StatsCache stats;

	OrderProjector(OrderStore orders, StatsCache stats) {
		this.orders = orders;
		this.stats = stats;
	}

	@Override
	public Mono<Void> handle(ConsumedEvent<OrderChanged> consumed) {
		EventEnvelope<OrderChanged> event = consumed.event();
		OrderChanged change = event.data();
		if (change.order() == null) {
			return Mono.empty();
		}
		Order order = Order.fromSnapshot(change.order());
		return this.orders.applyChange(order, change).then(this.stats.evict(event.tenantId()));
	}

}
