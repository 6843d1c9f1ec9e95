package dev.switchboard.orders.sync;

import java.net.URI;
import java.util.List;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.outbox.Outbox;
import dev.switchboard.orders.TestTransactions;
import dev.switchboard.orders.confirmation.TestConfirmations;
import dev.switchboard.orders.order.Order;
import dev.switchboard.orders.order.OrderStatus;
import dev.switchboard.orders.order.RecordedChanges;
import dev.switchboard.orders.order.TestOrders;
import dev.switchboard.orders.tasks.OrderTasks.Task;
import dev.switchboard.orders.tasks.Priority;
import dev.switchboard.orders.tasks.RecordedTasks;
import dev.switchboard.orders.tasks.RecordedTasks.Cancelled;
import dev.switchboard.orders.tasks.RecordedTasks.Scheduled;
import dev.switchboard.orders.tasks.TaskKind;
import dev.switchboard.orders.tenants.OrderTenantProperties;
import dev.switchboard.orders.tenants.TestTenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

/**
 * The contact sync step of the saga: which orders it syncs, what it records for each
 * answer of CBB, and which failures end the task ({@code sync_failed}) or leave it to be
 * claimed again. The order rows, the outbox, the task queue and CBB are mocked.
 */
class SyncStepTest {

	private static final Order RECEIVED = TestOrders.inStatus(OrderStatus.RECEIVED);

	private static final Task TASK = new Task(RECEIVED.id(), TaskKind.SYNC, "demo", (short) 1, 1);

	private static final Cancelled SYNC_DONE = new Cancelled(RECEIVED.id(), TaskKind.SYNC);

	private final RecordedChanges changes = new RecordedChanges();

	private final RecordedTasks tasks = new RecordedTasks();

	private final Outbox outbox = mock(Outbox.class);

	private final CbbClient cbb = mock(CbbClient.class);

	private final TestTransactions transactions = new TestTransactions();

	@BeforeEach
	void ports() {
		given(this.outbox.source()).willReturn(URI.create("urn:switchboard:order-service"));
		given(this.outbox.append(any(EventEnvelope.class), anyString())).willReturn(Mono.empty());
	}

	@Test
	void aNewOrderBecomesSyncedWithItsContactAndItsConfirmationIsRequested() {
		stored(RECEIVED);
		newContact();

		step(TestTenants.demo()).run(TASK).block();

		assertThat(this.changes.statuses()).containsExactly(OrderStatus.SYNCED);
		Order synced = this.changes.last();
		assertThat(synced.cbbContactId()).isEqualTo("972500000001");
		assertThat(synced.confirmationAttempt()).isEqualTo(1);
		assertThat(synced.confirmationChannelId()).isEqualTo("demo-cbb");
		then(this.outbox).should().append(any(EventEnvelope.class), eq("demo:demo-cbb"));
		assertThat(this.tasks.scheduled())
			.containsExactly(new Scheduled("demo", RECEIVED.id(), TaskKind.CONFIRMATION_WATCH, Priority.NORMAL,
					synced.confirmationRequestedAt().plus(TestConfirmations.STUCK_AFTER)));
		assertThat(this.tasks.cancelled()).containsExactly(SYNC_DONE);
		assertThat(this.transactions.commits()).isEqualTo(1);
	}

	@Test
	void anOrderWhoseSyncFailedBeforeIsSyncedAgain() {
		stored(TestOrders.inStatus(OrderStatus.SYNC_FAILED));
		newContact();

		step(TestTenants.demo()).run(TASK).block();

		assertThat(this.changes.statuses()).containsExactly(OrderStatus.SYNCED);
	}

	@Test
	void anUrgentOrdersConfirmationIsWatchedAtUrgentPriority() {
		stored(TestOrders.order().urgent().build());
		newContact();

		step(TestTenants.demo()).run(TASK).block();

		assertThat(this.tasks.scheduled()).singleElement().extracting(Scheduled::priority).isEqualTo(Priority.URGENT);
	}

	@ParameterizedTest
	@MethodSource("cbbFailures")
	void aFailureOfCbbIsRecordedAsSyncFailedWithItsReasonAndEndsTheTask(CbbFailure failure) {
		stored(RECEIVED);
		given(this.cbb.contact(any(), anyString())).willReturn(Mono.error(failure));

		step(TestTenants.demo()).run(TASK).block();

		assertThat(this.changes.statuses()).containsExactly(OrderStatus.SYNC_FAILED);
		assertThat(this.changes.last().reason()).isEqualTo(failure.getMessage());
		then(this.outbox).should(never()).append(any(EventEnvelope.class), anyString());
		assertThat(this.tasks.cancelled()).containsExactly(SYNC_DONE);
	}

	/** A refusal, and an outage that outlasted the client's retries. */
	static List<CbbFailure> cbbFailures() {
		return List.of(CbbFailure.refused("contact limit"), CbbFailure.unavailable("HTTP 503"));
	}

	@Test
	void withoutACbbAccountTheSyncFailsWithoutACall() {
		stored(RECEIVED);

		step(TestTenants.demoWith(null)).run(TASK).block();
		step(new OrderTenantProperties(null)).run(TASK).block();

		assertThat(this.changes.statuses()).containsExactly(OrderStatus.SYNC_FAILED, OrderStatus.SYNC_FAILED);
		assertThat(this.changes.written()).extracting(Order::reason)
			.containsOnly("No CBB account is configured for the tenant");
		then(this.cbb).shouldHaveNoInteractions();
	}

	@ParameterizedTest
	@EnumSource(value = OrderStatus.class, names = { "RECEIVED", "SYNC_FAILED" }, mode = EnumSource.Mode.EXCLUDE)
	void anOrderNoLongerWaitingForItsSyncEndsTheTaskWithoutACall(OrderStatus status) {
		stored(TestOrders.inStatus(status));

		step(TestTenants.demo()).run(TASK).block();

		assertThat(this.changes.written()).isEmpty();
		then(this.cbb).shouldHaveNoInteractions();
		assertThat(this.tasks.cancelled()).containsExactly(SYNC_DONE);
	}

	@Test
	void aMissingOrderEndsTheTaskWithoutACall() {
		given(this.changes.store().find("demo", RECEIVED.id())).willReturn(Mono.empty());

		step(TestTenants.demo()).run(TASK).block();

		then(this.cbb).shouldHaveNoInteractions();
		assertThat(this.tasks.cancelled()).containsExactly(SYNC_DONE);
	}

	@Test
	void anOrderCancelledWhileCbbAnsweredIsLeftAsItIs() {
		given(this.changes.store().find("demo", RECEIVED.id())).willReturn(Mono.just(RECEIVED));
		given(this.changes.store().lock("demo", RECEIVED.id()))
			.willReturn(Mono.just(TestOrders.inStatus(OrderStatus.CANCELLED)));
		newContact();

		step(TestTenants.demo()).run(TASK).block();

		assertThat(this.changes.written()).isEmpty();
		then(this.outbox).should(never()).append(any(EventEnvelope.class), anyString());
		assertThat(this.tasks.cancelled()).containsExactly(SYNC_DONE);
	}

	@Test
	void withoutConsentTheOrderIsSyncedWithTheReasonAndNothingIsSent() {
		stored(TestOrders.order().withoutConsent().build());
		newContact();

		step(TestTenants.demo()).run(TASK).block();

		assertThat(this.changes.statuses()).containsExactly(OrderStatus.SYNCED);
		assertThat(this.changes.last().reason())
			.isEqualTo("No confirmation: the customer did not opt in to WhatsApp alerts");
		assertThat(this.changes.last().cbbContactId()).isEqualTo("972500000001");
		assertThat(this.changes.last().confirmationAttempt()).isZero();
		then(this.outbox).should(never()).append(any(EventEnvelope.class), anyString());
		assertThat(this.tasks.scheduled()).isEmpty();
	}

	@Test
	void withoutAConfirmationChannelTheOrderIsSyncedThenConfirmFailed() {
		stored(RECEIVED);
		newContact();

		step(TestTenants.demoWithoutChannels()).run(TASK).block();

		assertThat(this.changes.statuses()).containsExactly(OrderStatus.SYNCED, OrderStatus.CONFIRM_FAILED);
		assertThat(this.changes.last().reason()).isEqualTo("No confirmation channel is configured for branch il");
		assertThat(this.changes.last().cbbContactId()).isEqualTo("972500000001");
		then(this.outbox).should(never()).append(any(EventEnvelope.class), anyString());
	}

	@Test
	void aFailureOtherThanCbbsLeavesTheTaskToBeClaimedAgain() {
		stored(RECEIVED);
		given(this.cbb.contact(any(), anyString())).willReturn(Mono.error(new IllegalStateException("bug")));

		assertThatIllegalStateException().isThrownBy(() -> step(TestTenants.demo()).run(TASK).block());

		assertThat(this.changes.written()).isEmpty();
		assertThat(this.tasks.cancelled()).isEmpty();
	}

	@Test
	void aDatabaseOutageWhileRecordingRollsBackAndLeavesTheTask() {
		given(this.changes.store().find("demo", RECEIVED.id())).willReturn(Mono.just(RECEIVED));
		given(this.changes.store().lock("demo", RECEIVED.id()))
			.willReturn(Mono.error(new IllegalStateException("connection refused")));
		newContact();

		assertThatIllegalStateException().isThrownBy(() -> step(TestTenants.demo()).run(TASK).block());

		assertThat(this.transactions.rollbacks()).isEqualTo(1);
		assertThat(this.tasks.cancelled()).isEmpty();
	}

	private SyncStep step(OrderTenantProperties tenants) {
		return new SyncStep(this.changes.store(), this.changes.changes(), this.tasks.tasks(),
				TestConfirmations.of(tenants, this.outbox, this.tasks.tasks()), new ContactSync(this.cbb), tenants,
				this.transactions.operator());
	}

	private void stored(Order order) {
		given(this.changes.store().find("demo", order.id())).willReturn(Mono.just(order));
		given(this.changes.store().lock("demo", order.id())).willReturn(Mono.just(order));
	}

	private void newContact() {
		given(this.cbb.contact(any(), eq("972500000001"))).willReturn(Mono.empty());
		given(this.cbb.create(any(), anyMap())).willReturn(Mono.just(EventJson.mapper().createObjectNode()));
	}

}
