package dev.switchboard.orders.tasks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import reactor.core.publisher.Mono;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * A mocked task queue for unit tests that records what was scheduled and cancelled when
 * the work is subscribed to (as the database would see it), not when it is assembled.
 */
public final class RecordedTasks {

	private final OrderTasks tasks = mock(OrderTasks.class);

	private final List<Scheduled> scheduled = new CopyOnWriteArrayList<>();

	private final List<Cancelled> cancelled = new CopyOnWriteArrayList<>();

	public RecordedTasks() {
		given(this.tasks.schedule(anyString(), any(), any(), any(), any()))
			.willAnswer((call) -> Mono.fromRunnable(() -> this.scheduled.add(new Scheduled(call.getArgument(0),
					call.getArgument(1), call.getArgument(2), call.getArgument(3), call.getArgument(4)))));
		given(this.tasks.cancel(any(), any())).willAnswer((call) -> Mono
			.fromRunnable(() -> this.cancelled.add(new Cancelled(call.getArgument(0), call.getArgument(1)))));
	}

	public OrderTasks tasks() {
		return this.tasks;
	}

	public List<Scheduled> scheduled() {
		return List.copyOf(this.scheduled);
	}

	public List<Cancelled> cancelled() {
		return List.copyOf(this.cancelled);
	}

	/**
	 * A task scheduled.
	 *
	 * @param tenantId the order's tenant
	 * @param orderId the order
	 * @param kind what is to be done
	 * @param priority how urgently
	 * @param dueAt from when
	 */
	public record Scheduled(String tenantId, UUID orderId, TaskKind kind, Priority priority, Instant dueAt) {
	}

	/**
	 * A task cancelled.
	 *
	 * @param orderId the order
	 * @param kind what no longer is to be done
	 */
	public record Cancelled(UUID orderId, TaskKind kind) {
	}

}
