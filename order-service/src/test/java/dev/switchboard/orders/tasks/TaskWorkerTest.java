package dev.switchboard.orders.tasks;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;

/**
 * The worker claims due tasks in batches until a batch comes back short, hands each to
 * the handler of its kind, and leaves a failed task to be claimed again after its lease.
 * The task queue is mocked.
 */
class TaskWorkerTest {

	private static final int BATCH = 2;

	private static final Duration LEASE = Duration.ofMinutes(2);

	private final OrderTasks tasks = mock(OrderTasks.class);

	private final Recording sync = new Recording(TaskKind.SYNC);

	private final Recording watch = new Recording(TaskKind.CONFIRMATION_WATCH);

	private final Sinks.Many<Boolean> schedules = Sinks.many().multicast().directBestEffort();

	private TaskWorker worker;

	@AfterEach
	void stop() {
		if (this.worker != null) {
			this.worker.stop();
		}
	}

	@Test
	void claimsBatchesUntilOneComesBackShort() {
		given(this.tasks.claimDue(BATCH, LEASE)).willReturn(Flux.just(sync(), sync()), Flux.just(sync(), sync()),
				Flux.just(sync()));

		worker(List.of(this.sync)).drain().block();

		then(this.tasks).should(times(3)).claimDue(BATCH, LEASE);
		assertThat(this.sync.ran).hasSize(5);
	}

	@Test
	void anEmptyQueueIsOneClaim() {
		given(this.tasks.claimDue(BATCH, LEASE)).willReturn(Flux.empty());

		worker(List.of(this.sync)).drain().block();

		then(this.tasks).should(times(1)).claimDue(BATCH, LEASE);
	}

	@Test
	void eachTaskGoesToTheHandlerOfItsKind() {
		OrderTasks.Task first = sync();
		OrderTasks.Task second = watch();
		given(this.tasks.claimDue(BATCH, LEASE)).willReturn(Flux.just(first, second), Flux.empty());

		worker(List.of(this.sync, this.watch)).drain().block();

		assertThat(this.sync.ran).containsExactly(first);
		assertThat(this.watch.ran).containsExactly(second);
	}

	@Test
	void aFailedTaskIsLeftForItsLeaseAndTheOthersRun() {
		OrderTasks.Task failing = sync();
		OrderTasks.Task fine = sync();
		this.sync.failing = failing;
		given(this.tasks.claimDue(BATCH, LEASE)).willReturn(Flux.just(failing, fine), Flux.empty());

		worker(List.of(this.sync)).drain().block();

		assertThat(this.sync.ran).containsExactlyInAnyOrder(failing, fine);
		then(this.tasks).should(times(2)).claimDue(BATCH, LEASE);
	}

	@Test
	void aKindWithoutHandlerIsPassedOver() {
		given(this.tasks.claimDue(BATCH, LEASE)).willReturn(Flux.just(watch(), sync()), Flux.empty());

		worker(List.of(this.sync)).drain().block();

		assertThat(this.sync.ran).hasSize(1);
	}

	@Test
	void aNewlyScheduledTaskWakesTheWorkerAndAFailedPollDoesNotStopIt() {
		OrderTasks.Task task = sync();
		given(this.tasks.claimDue(BATCH, LEASE)).willReturn(Flux.error(new IllegalStateException("database down")),
				Flux.just(task));
		this.worker = worker(List.of(this.sync));
		this.worker.start();

		this.schedules.tryEmitNext(true);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> then(this.tasks).should().claimDue(BATCH, LEASE));
		this.schedules.tryEmitNext(true);

		await().atMost(Duration.ofSeconds(10)).until(() -> this.sync.ran.contains(task));
		assertThat(this.worker.isRunning()).isTrue();
	}

	private TaskWorker worker(List<TaskHandler> handlers) {
		given(this.tasks.schedules()).willReturn(this.schedules.asFlux());
		// Polls an hour apart: in these tests only a schedule signal wakes the worker.
		return new TaskWorker(this.tasks, new TaskWorkerSettings(Duration.ofHours(1), BATCH, 2, LEASE), handlers);
	}

	private static OrderTasks.Task sync() {
		return new OrderTasks.Task(UUID.randomUUID(), TaskKind.SYNC, "demo", (short) 1, 1);
	}

	private static OrderTasks.Task watch() {
		return new OrderTasks.Task(UUID.randomUUID(), TaskKind.CONFIRMATION_WATCH, "demo", (short) 1, 1);
	}

	/** A handler that records the tasks it was given, failing the one it is told to. */
	private static final class Recording implements TaskHandler {

		private final TaskKind kind;

		private final List<OrderTasks.Task> ran = new CopyOnWriteArrayList<>();

		private volatile OrderTasks.Task failing;

		Recording(TaskKind kind) {
			this.kind = kind;
		}

		@Override
		public TaskKind kind() {
			return this.kind;
		}

		@Override
		public Mono<Void> run(OrderTasks.Task task) {
			this.ran.add(task);
			return task.equals(this.failing) ? Mono.error(new IllegalStateException("CBB call failed")) : Mono.empty();
		}

	}

}
