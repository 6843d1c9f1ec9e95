package dev.switchboard.orders.order;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.orders.OrderChanged;
import dev.switchboard.events.outbox.Outbox;
import reactor.core.publisher.Mono;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The real {@link OrderChanges} (lifecycle rules included) over mocked writes, for unit
 * tests: every order row it writes is recorded, history and events are accepted. The
 * store is a mock on which tests stub {@code find}, {@code lock} and the like.
 */
public final class RecordedChanges {

	private final OrderStore store = mock(OrderStore.class);

	private final OrderHistory history = mock(OrderHistory.class);

	private final Outbox outbox = mock(Outbox.class);

	private final List<Order> written = new CopyOnWriteArrayList<>();

	private final OrderChanges changes = new OrderChanges(this.store, this.history, this.outbox);

	public RecordedChanges() {
		given(this.store.update(any(Order.class))).willAnswer((invocation) -> {
			this.written.add(invocation.getArgument(0));
			return Mono.empty();
		});
		given(this.history.append(anyString(), any(OrderChanged.class))).willReturn(Mono.empty());
		given(this.outbox.source()).willReturn(URI.create("urn:switchboard:order-service"));
		given(this.outbox.append(any(EventEnvelope.class), anyString())).willReturn(Mono.empty());
	}

	public OrderChanges changes() {
		return this.changes;
	}

	/** The mocked order rows. */
	public OrderStore store() {
		return this.store;
	}

	/** Every order row written, in order. */
	public List<Order> written() {
		return List.copyOf(this.written);
	}

	/** The statuses written, in order. */
	public List<OrderStatus> statuses() {
		return this.written.stream().map(Order::status).toList();
	}

	/** The last row written. */
	public Order last() {
		return this.written.get(this.written.size() - 1);
	}

}
