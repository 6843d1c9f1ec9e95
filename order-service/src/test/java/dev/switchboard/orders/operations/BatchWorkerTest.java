package dev.switchboard.orders.operations;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import dev.switchboard.orders.operations.BatchJobs.Chunked;
import dev.switchboard.orders.order.Order;
import dev.switchboard.orders.order.OrderStatus;
import dev.switchboard.orders.order.TestOrders;
import dev.switchboard.orders.query.OrderFilter;
import dev.switchboard.orders.tasks.Priority;
import dev.switchboard.orders.tasks.RecordedTasks.Scheduled;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

/**
 * One step of a batch job: a chunk of matching orders is worked through the operator's
 * operation (syncs at bulk priority), and the progress counts the orders looked at and
 * those the operation was applied to; a short chunk completes the job. The stored jobs
 * and the order rows are mocked.
 */
class BatchWorkerTest {

	private static final Instant AT = Instant.parse("2026-01-01T10:00:00Z");

	private final BatchJobs jobs = mock(BatchJobs.class);

	private final OperationsFixture fixture = new OperationsFixture();

	private final BatchWorker worker = new BatchWorker(this.jobs, this.fixture.operations);

	@BeforeEach
	void progress() {
		given(this.jobs.advance(any(), any(), anyInt(), anyBoolean())).willReturn(Mono.empty());
	}

	@Test
	void onlyTheOrdersTheOperationWasAppliedToAreAffected() {
		Order failed = this.fixture.stored(order(1, OrderStatus.SYNC_FAILED));
		Order synced = this.fixture.stored(order(2, OrderStatus.SYNCED));
		UUID gone = UUID.randomUUID();
		List<Chunked> chunk = List.of(chunked(failed.id()), chunked(synced.id()), chunked(gone));
		BatchJob job = job(BatchOperation.RETRY_SYNC);
		given(this.jobs.chunk(job, BatchWorker.CHUNK)).willReturn(Flux.fromIterable(chunk));

		this.worker.step(job).block();

		then(this.jobs).should().advance(job, chunk, 1, true);
		assertThat(this.fixture.tasks.scheduled()).extracting(Scheduled::orderId, Scheduled::priority)
			.containsExactly(tuple(failed.id(), Priority.BULK));
	}

	@Test
	void aFullChunkLeavesTheJobRunning() {
		List<Chunked> chunk = IntStream.range(0, BatchWorker.CHUNK)
			.mapToObj((index) -> chunked(UUID.randomUUID()))
			.toList();
		BatchJob job = job(BatchOperation.RETRY_SYNC);
		given(this.jobs.chunk(job, BatchWorker.CHUNK)).willReturn(Flux.fromIterable(chunk));

		this.worker.step(job).block();

		then(this.jobs).should().advance(job, chunk, 0, false);
	}

	@Test
	void anEmptyChunkCompletesTheJob() {
		BatchJob job = job(BatchOperation.RESEND_CONFIRMATION);
		given(this.jobs.chunk(job, BatchWorker.CHUNK)).willReturn(Flux.empty());

		this.worker.step(job).block();

		then(this.jobs).should().advance(job, List.of(), 0, true);
	}

	@Test
	void aResendBatchResendsFailedConfirmations() {
		Order failed = this.fixture.stored(order(3, OrderStatus.CONFIRM_FAILED));
		Order failedSync = this.fixture.stored(order(4, OrderStatus.SYNC_FAILED));
		List<Chunked> chunk = List.of(chunked(failed.id()), chunked(failedSync.id()));
		BatchJob job = job(BatchOperation.RESEND_CONFIRMATION);
		given(this.jobs.chunk(job, BatchWorker.CHUNK)).willReturn(Flux.fromIterable(chunk));

		this.worker.step(job).block();

		then(this.jobs).should().advance(job, chunk, 1, true);
		assertThat(this.fixture.changes.last().reason()).isEqualTo("Confirmation resent by an operator (attempt 1)");
	}

	private static Order order(int number, OrderStatus status) {
		return TestOrders.order().id(new UUID(3, number)).status(status).build();
	}

	private static Chunked chunked(UUID id) {
		return new Chunked(id, AT);
	}

	private static BatchJob job(BatchOperation operation) {
		return new BatchJob(UUID.randomUUID(), "demo", operation,
				new OrderFilter(null, null, null, null, null, null, null, null, null), "running", 3, 0, 0, null, null,
				AT, AT);
	}

}
