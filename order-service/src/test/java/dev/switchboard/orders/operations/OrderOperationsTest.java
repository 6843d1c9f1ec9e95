package dev.switchboard.orders.operations;

import java.util.UUID;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.orders.operations.OrderOperations.Result;
import dev.switchboard.orders.order.Order;
import dev.switchboard.orders.order.OrderStatus;
import dev.switchboard.orders.order.TestOrders;
import dev.switchboard.orders.tasks.Priority;
import dev.switchboard.orders.tasks.RecordedTasks.Cancelled;
import dev.switchboard.orders.tasks.RecordedTasks.Scheduled;
import dev.switchboard.orders.tasks.TaskKind;
import dev.switchboard.orders.tenants.TestTenants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;

/**
 * What an operator can do to one order, and what each attempt reports: accepted, skipped
 * with the reason, or not found (also for another tenant's order).
 */
class OrderOperationsTest {

	private final OperationsFixture fixture = new OperationsFixture();

	@Test
	void aFailedSyncIsScheduledAgainAtTheAskedPriority() {
		Order order = this.fixture.stored(TestOrders.inStatus(OrderStatus.SYNC_FAILED));

		Result result = this.fixture.operations.retrySync("demo", order.id(), Priority.BULK).block();

		assertThat(result).isEqualTo(new Result(order.id().toString(), "accepted", "sync_failed", null));
		assertThat(this.fixture.tasks.scheduled()).singleElement().satisfies((scheduled) -> {
			assertThat(scheduled.kind()).isEqualTo(TaskKind.SYNC);
			assertThat(scheduled.priority()).isEqualTo(Priority.BULK);
		});
		assertThat(this.fixture.transactions.commits()).isEqualTo(1);
	}

	@Test
	void anUrgentOrdersSyncIsRetriedAtUrgentPriorityWhateverWasAsked() {
		Order order = this.fixture.stored(TestOrders.order().status(OrderStatus.SYNC_FAILED).urgent().build());

		this.fixture.operations.retrySync("demo", order.id(), Priority.BULK).block();

		assertThat(this.fixture.tasks.scheduled()).extracting(Scheduled::priority).containsExactly(Priority.URGENT);
	}

	@ParameterizedTest
	@EnumSource(value = OrderStatus.class, names = "SYNC_FAILED", mode = EnumSource.Mode.EXCLUDE)
	void onlyAFailedSyncIsRetried(OrderStatus status) {
		Order order = this.fixture.stored(TestOrders.inStatus(status));

		Result result = this.fixture.operations.retrySync("demo", order.id(), Priority.NORMAL).block();

		assertThat(result).isEqualTo(new Result(order.id().toString(), "skipped", status.value(),
				"only orders whose sync failed are synced again"));
		assertThat(this.fixture.tasks.scheduled()).isEmpty();
	}

	@Test
	void anOrderOfABranchThatDoesNotSyncIsNotRetried() {
		Order order = this.fixture.stored(TestOrders.order().branch("ro").status(OrderStatus.SYNC_FAILED).build());

		assertThat(this.fixture.operations.retrySync("demo", order.id(), Priority.NORMAL).block().message())
			.isEqualTo("the order's branch does not sync to CBB");
		assertThat(this.fixture.tasks.scheduled()).isEmpty();
	}

	@Test
	void aTenantWithoutCbbAccountSyncsNoBranch() {
		OperationsFixture withoutCbb = new OperationsFixture(TestTenants.demoWith(null));
		Order order = withoutCbb.stored(TestOrders.inStatus(OrderStatus.SYNC_FAILED));

		assertThat(withoutCbb.operations.retrySync("demo", order.id(), Priority.NORMAL).block().outcome())
			.isEqualTo("skipped");
	}

	@Test
	void anotherTenantsOrderIsNotFound() {
		Order order = this.fixture.stored(TestOrders.inStatus(OrderStatus.SYNC_FAILED));

		assertThat(this.fixture.operations.retrySync("acme", order.id(), Priority.NORMAL).block())
			.isEqualTo(new Result(order.id().toString(), "not_found", null, "No such order"));
		assertThat(this.fixture.operations.resendConfirmation("acme", order.id()).block().outcome())
			.isEqualTo("not_found");
		assertThat(this.fixture.operations.close("acme", order.id(), OrderStatus.CANCELLED, null).block().outcome())
			.isEqualTo("not_found");
		assertThat(this.fixture.changes.written()).isEmpty();
	}

	@Test
	void aFailedConfirmationIsResentAsTheNextAttempt() {
		Order order = this.fixture
			.stored(TestOrders.order().status(OrderStatus.CONFIRM_FAILED).confirmationAttempt(1).build());

		Result result = this.fixture.operations.resendConfirmation("demo", order.id()).block();

		assertThat(result.outcome()).isEqualTo("accepted");
		assertThat(this.fixture.changes.statuses()).containsExactly(OrderStatus.CONFIRM_FAILED);
		Order resent = this.fixture.changes.last();
		assertThat(resent.reason()).isEqualTo("Confirmation resent by an operator (attempt 2)");
		assertThat(resent.confirmationAttempt()).isEqualTo(2);
		then(this.fixture.outbox).should().append(any(EventEnvelope.class), eq("demo:demo-cbb"));
		assertThat(this.fixture.tasks.scheduled()).extracting(Scheduled::kind)
			.containsExactly(TaskKind.CONFIRMATION_WATCH);
	}

	@ParameterizedTest
	@EnumSource(value = OrderStatus.class, names = "CONFIRM_FAILED", mode = EnumSource.Mode.EXCLUDE)
	void onlyAFailedConfirmationIsResent(OrderStatus status) {
		Order order = this.fixture.stored(TestOrders.inStatus(status));

		assertThat(this.fixture.operations.resendConfirmation("demo", order.id()).block()).isEqualTo(new Result(
				order.id().toString(), "skipped", status.value(), "only orders whose confirmation failed are resent"));
		then(this.fixture.outbox).should(never()).append(any(EventEnvelope.class), anyString());
	}

	@Test
	void aConfirmationTheCustomerDidNotConsentToIsNotResent() {
		Order order = this.fixture
			.stored(TestOrders.order().status(OrderStatus.CONFIRM_FAILED).withoutConsent().build());

		assertThat(this.fixture.operations.resendConfirmation("demo", order.id()).block().message())
			.isEqualTo("No confirmation: the customer did not opt in to WhatsApp alerts");
		assertThat(this.fixture.changes.written()).isEmpty();
	}

	@Test
	void anOpenOrderIsClosedWithTheReasonAndItsPendingWorkDropped() {
		Order order = this.fixture.stored(TestOrders.inStatus(OrderStatus.SYNCED));

		Result result = this.fixture.operations.close("demo", order.id(), OrderStatus.COMPLETED, "visa issued").block();

		assertThat(result).isEqualTo(new Result(order.id().toString(), "accepted", "completed", null));
		assertThat(this.fixture.changes.last().reason()).isEqualTo("visa issued");
		assertThat(this.fixture.tasks.cancelled()).containsExactlyInAnyOrder(new Cancelled(order.id(), TaskKind.SYNC),
				new Cancelled(order.id(), TaskKind.CONFIRMATION_WATCH));
	}

	@Test
	void aFailedSyncCanBeCancelledButNotCompleted() {
		UUID id = this.fixture.stored(TestOrders.inStatus(OrderStatus.SYNC_FAILED)).id();

		assertThat(this.fixture.operations.close("demo", id, OrderStatus.COMPLETED, null).block().message())
			.isEqualTo("an order in status sync_failed cannot become completed");
		assertThat(this.fixture.operations.close("demo", id, OrderStatus.CANCELLED, null).block().outcome())
			.isEqualTo("accepted");
	}

	@ParameterizedTest
	@EnumSource(value = OrderStatus.class, names = { "COMPLETED", "CANCELLED", "REJECTED" })
	void aClosedOrderStaysAsItIs(OrderStatus status) {
		Order order = this.fixture.stored(TestOrders.inStatus(status));

		for (OrderStatus to : new OrderStatus[] { OrderStatus.COMPLETED, OrderStatus.CANCELLED }) {
			assertThat(this.fixture.operations.close("demo", order.id(), to, null).block().message())
				.isEqualTo("an order in status " + status.value() + " cannot become " + to.value());
		}
		assertThat(this.fixture.changes.written()).isEmpty();
		assertThat(this.fixture.tasks.cancelled()).isEmpty();
	}

}
