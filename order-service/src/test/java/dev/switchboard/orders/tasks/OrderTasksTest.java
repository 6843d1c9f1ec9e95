package dev.switchboard.orders.tasks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import dev.switchboard.orders.TestTransactions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.RowsFetchSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;

/**
 * What the task queue asks of PostgreSQL, and when it wakes the worker: a task scheduled
 * in a transaction only once that transaction commits, so the worker never looks before
 * the task is visible. The database client is mocked.
 */
class OrderTasksTest {

	private static final UUID ORDER = UUID.fromString("00000000-0000-3000-8000-000000000001");

	private final DatabaseClient database = mock(DatabaseClient.class);

	private final GenericExecuteSpec statement = mock(GenericExecuteSpec.class, RETURNS_SELF);

	private final OrderTasks tasks = new OrderTasks(this.database);

	private final TestTransactions transactions = new TestTransactions();

	private final List<Boolean> wakes = new CopyOnWriteArrayList<>();

	private Disposable listening;

	@BeforeEach
	void database() {
		given(this.database.sql(anyString())).willReturn(this.statement);
		given(this.statement.then()).willReturn(Mono.empty());
		this.listening = this.tasks.schedules().subscribe(this.wakes::add);
	}

	@AfterEach
	void stopListening() {
		this.listening.dispose();
	}

	@Test
	void aTaskIsStoredWithItsKindPriorityAndDueTime() {
		Instant due = Instant.parse("2026-01-01T10:00:02Z");

		this.tasks.schedule("demo", ORDER, TaskKind.SYNC, Priority.URGENT, due).block();

		then(this.statement).should().bind("orderId", ORDER);
		then(this.statement).should().bind("kind", "sync");
		then(this.statement).should().bind("tenantId", "demo");
		then(this.statement).should().bind("priority", (short) 0);
		then(this.statement).should().bind("dueAt", due);
	}

	@Test
	void outsideATransactionTheWorkerIsWokenAtOnce() {
		this.tasks.schedule("demo", ORDER, TaskKind.SYNC, Priority.NORMAL, Instant.now()).block();

		assertThat(this.wakes).hasSize(1);
	}

	@Test
	void inATransactionTheWorkerIsWokenOnlyAfterTheCommit() {
		Mono<Void> scheduled = this.tasks.schedule("demo", ORDER, TaskKind.SYNC, Priority.NORMAL, Instant.now())
			.then(Mono.fromRunnable(() -> assertThat(this.wakes).isEmpty()));

		this.transactions.operator().transactional(scheduled).block();

		assertThat(this.transactions.commits()).isEqualTo(1);
		assertThat(this.wakes).hasSize(1);
	}

	@Test
	void aRolledBackScheduleDoesNotWakeTheWorker() {
		Mono<Void> failed = this.tasks.schedule("demo", ORDER, TaskKind.SYNC, Priority.NORMAL, Instant.now())
			.then(Mono.error(new IllegalStateException("the change failed")));

		assertThatIllegalStateException().isThrownBy(() -> this.transactions.operator().transactional(failed).block());

		assertThat(this.transactions.rollbacks()).isEqualTo(1);
		assertThat(this.wakes).isEmpty();
	}

	@Test
	@SuppressWarnings({ "unchecked", "rawtypes" })
	void aClaimLeasesForTheLeaseInSeconds() {
		RowsFetchSpec rows = mock(RowsFetchSpec.class);
		given(this.statement.map(any(Function.class))).willReturn(rows);
		given(rows.all()).willReturn(Flux.empty());

		this.tasks.claimDue(50, Duration.ofMillis(1500)).blockLast();

		then(this.statement).should().bind("lease", 1.5);
		then(this.statement).should().bind("limit", 50);
	}

	@Test
	void kindsAndPrioritiesReadBackAsTheyWereStored() {
		this.tasks.schedule("demo", ORDER, TaskKind.CONFIRMATION_WATCH, Priority.BULK, Instant.now()).block();
		then(this.statement).should().bind("kind", "confirmation_watch");
		then(this.statement).should().bind("priority", (short) 2);
		for (TaskKind kind : TaskKind.values()) {
			assertThat(TaskKind.of(kind.value())).isEqualTo(kind);
		}
		assertThat(Priority.of(true)).isEqualTo(Priority.URGENT);
		assertThat(Priority.of(false)).isEqualTo(Priority.NORMAL);
		assertThat(List.of(Priority.URGENT.value(), Priority.NORMAL.value(), Priority.BULK.value())).isSorted()
			.doesNotHaveDuplicates();
	}

}
