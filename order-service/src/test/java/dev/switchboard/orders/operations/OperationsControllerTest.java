package dev.switchboard.orders.operations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.ApiProblem.FieldProblem;
import dev.switchboard.orders.operations.OperationsController.Note;
import dev.switchboard.orders.operations.OperationsController.OrderIds;
import dev.switchboard.orders.operations.OrderOperations.Result;
import dev.switchboard.orders.order.Order;
import dev.switchboard.orders.order.OrderStatus;
import dev.switchboard.orders.order.TestOrders;
import org.junit.jupiter.api.Test;

import static dev.switchboard.orders.operations.OperationsFixture.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The operator endpoints' validation and answers: ids that are no order are 404 for one
 * order and {@code not_found} within a list; a list names 1 to 100 orders; the tenant is
 * the token's.
 */
class OperationsControllerTest {

	private final OperationsFixture fixture = new OperationsFixture();

	private final OperationsController controller = new OperationsController(this.fixture.operations);

	@Test
	void aRetryOfAFailedSyncIsAccepted() {
		Order order = this.fixture.stored(TestOrders.inStatus(OrderStatus.SYNC_FAILED));

		assertThat(this.controller.retrySync(order.id().toString(), token("demo")).block().outcome())
			.isEqualTo("accepted");
	}

	@Test
	void anIdThatIsNoOrderIsNotFound() {
		assertThat(problem(() -> this.controller.retrySync("not-a-uuid", token("demo")).block()).code())
			.isEqualTo("NOT_FOUND");
		assertThat(
				problem(() -> this.controller.resend(OperationsFixture.unknownId().toString(), token("demo")).block())
					.code())
			.isEqualTo("NOT_FOUND");
	}

	@Test
	void anotherTenantsOrderIsNotFound() {
		Order order = this.fixture.stored(TestOrders.inStatus(OrderStatus.SYNC_FAILED));

		assertThat(
				problem(() -> this.controller.retrySync(order.id().toString(), token("acme")).block()).status().value())
			.isEqualTo(404);
		assertThat(problem(() -> this.controller.cancel(order.id().toString(), null, token("acme")).block()).code())
			.isEqualTo("NOT_FOUND");
		assertThat(this.fixture.tasks.scheduled()).isEmpty();
	}

	@Test
	void aSkippedOperationIsAnAnswerNotAnError() {
		Order order = this.fixture.stored(TestOrders.inStatus(OrderStatus.COMPLETED));

		assertThat(this.controller.complete(order.id().toString(), new Note("done"), token("demo")).block().outcome())
			.isEqualTo("skipped");
	}

	@Test
	void closingWithoutANoteRecordsNoReason() {
		Order order = this.fixture.stored(TestOrders.inStatus(OrderStatus.RECEIVED));

		this.controller.cancel(order.id().toString(), null, token("demo")).block();

		assertThat(this.fixture.changes.last().status()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(this.fixture.changes.last().reason()).isNull();
	}

	@Test
	void aListAnswersEveryIdInOrderWithoutFailingForTheUnknownOnes() {
		Order failed = this.fixture.stored(TestOrders.inStatus(OrderStatus.SYNC_FAILED));
		String unknown = OperationsFixture.unknownId().toString();

		List<Result> results = this.controller
			.retrySyncMany(new OrderIds(List.of(failed.id().toString(), "not-a-uuid", unknown)), token("demo"))
			.block();

		assertThat(results).extracting(Result::orderId).containsExactly(failed.id().toString(), "not-a-uuid", unknown);
		assertThat(results).extracting(Result::outcome).containsExactly("accepted", "not_found", "not_found");
		assertThat(results.get(1).message()).isEqualTo("No such order");
	}

	@Test
	void aListNamesOneToAHundredOrders() {
		assertThat(this.controller.retrySyncMany(new OrderIds(ids(1)), token("demo")).block()).hasSize(1);
		assertThat(this.controller.retrySyncMany(new OrderIds(ids(100)), token("demo")).block()).hasSize(100);
		for (OrderIds refused : Arrays.asList(new OrderIds(null), new OrderIds(List.of()), new OrderIds(ids(101)))) {
			ApiProblem problem = problem(() -> this.controller.retrySyncMany(refused, token("demo")));
			assertThat(problem.code()).isEqualTo("VALIDATION_FAILED");
			assertThat(problem.properties().get("errors"))
				.isEqualTo(List.of(new FieldProblem("orderIds", "between 1 and 100 order ids")));
		}
	}

	private static List<String> ids(int count) {
		return new ArrayList<>(IntStream.range(0, count).mapToObj((index) -> "order-" + index).toList());
	}

	private static ApiProblem problem(Runnable call) {
		return catchThrowableOfType(ApiProblem.class, call::run);
	}

}
