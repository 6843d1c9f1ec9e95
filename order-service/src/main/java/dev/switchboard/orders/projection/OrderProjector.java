package dev.switchboard.orders.projection;

import java.util.List;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.kafka.ConsumedEvent;
import dev.switchboard.events.kafka.EventHandler;
import dev.switchboard.events.kafka.batching.GroupCommit;
import dev.switchboard.events.orders.OrderChanged;
import dev.switchboard.orders.order.OrderStore;
import dev.switchboard.orders.query.StatsCache;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.stereotype.Component;

/**
 * Applies {@code orders.events.v1} to the read tables: the history entry and the order's
 * full state when it is newer than the row. Live, the write side got there first and this
 * only evicts the tenant's cached stats; after the read tables were dropped, replaying
 * the topic from the beginning restores them exactly, with no CBB call and no send (this
 * handler calls no one and schedules nothing). Events are applied in batches, one
 * statement each: a rebuild reads the topic far faster than one statement per event could
 * follow.
 */
@Component
public class OrderProjector implements EventHandler<OrderChanged> {

	static final String CONSUMER_GROUP = "order-service.projection";

	/**
	 * A safety bound on events waiting for a batch, far above what the consumer hands in
	 * at once (its partitions times the events in flight per partition).
	 */
	private static final int MAX_WAITING = 100_000;

	private final GroupCommit<EventEnvelope<OrderChanged>> batches;

	OrderProjector(OrderStore orders, StatsCache stats, ProjectionProperties properties) {
		this.batches = new GroupCommit<>(properties.batchSize(), properties.batchLinger(), properties.batchesInFlight(),
				MAX_WAITING, (batch) -> apply(orders, stats, batch), (event) -> apply(orders, stats, List.of(event)),
				Schedulers.parallel());
	}

	@Override
	public Mono<Void> handle(ConsumedEvent<OrderChanged> consumed) {
		EventEnvelope<OrderChanged> event = consumed.event();
		if (event.data().order() == null) {
			return Mono.empty();
		}
		return this.batches.submit(event);
	}

	private static Mono<Void> apply(OrderStore orders, StatsCache stats, List<EventEnvelope<OrderChanged>> batch) {
		return orders.applyChanges(batch.stream().map(EventEnvelope::data).toList())
			.thenMany(Flux.fromStream(batch.stream().map(EventEnvelope::tenantId).distinct()))
			.concatMap(stats::evict)
			.then();
	}

}
