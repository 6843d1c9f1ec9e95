package dev.switchboard.orders.order;

import org.junit.jupiter.api.Test;

import static dev.switchboard.orders.order.OrderStatus.CANCELLED;
import static dev.switchboard.orders.order.OrderStatus.COMPLETED;
import static dev.switchboard.orders.order.OrderStatus.CONFIRMED;
import static dev.switchboard.orders.order.OrderStatus.CONFIRM_FAILED;
import static dev.switchboard.orders.order.OrderStatus.RECEIVED;
import static dev.switchboard.orders.order.OrderStatus.REJECTED;
import static dev.switchboard.orders.order.OrderStatus.SYNCED;
import static dev.switchboard.orders.order.OrderStatus.SYNC_FAILED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderStateMachineTest {

	@Test
	void theHappyPathRunsReceivedSyncedConfirmedCompleted() {
		assertThat(OrderStateMachine.move(RECEIVED, SYNCED)).isEqualTo(SYNCED);
		assertThat(OrderStateMachine.move(SYNCED, CONFIRMED)).isEqualTo(CONFIRMED);
		assertThat(OrderStateMachine.move(CONFIRMED, COMPLETED)).isEqualTo(COMPLETED);
	}

	@Test
	void branchesWithoutSyncAreConfirmedStraightFromReceived() {
		assertThat(OrderStateMachine.allows(RECEIVED, CONFIRMED)).isTrue();
		assertThat(OrderStateMachine.allows(RECEIVED, CONFIRM_FAILED)).isTrue();
	}

	@Test
	void failuresCanBeRetried() {
		assertThat(OrderStateMachine.allows(SYNC_FAILED, SYNCED)).isTrue();
		assertThat(OrderStateMachine.allows(SYNC_FAILED, SYNC_FAILED)).isTrue();
		assertThat(OrderStateMachine.allows(CONFIRM_FAILED, CONFIRMED)).isTrue();
		assertThat(OrderStateMachine.allows(CONFIRM_FAILED, CONFIRM_FAILED)).isTrue();
	}

	@Test
	void aSyncFailureCannotSkipToConfirmed() {
		assertThat(OrderStateMachine.allows(SYNC_FAILED, CONFIRMED)).isFalse();
	}

	@Test
	void confirmationNeverGoesBackwards() {
		assertThat(OrderStateMachine.allows(CONFIRMED, CONFIRM_FAILED)).isFalse();
		assertThat(OrderStateMachine.allows(CONFIRMED, SYNCED)).isFalse();
		assertThat(OrderStateMachine.allows(CONFIRMED, RECEIVED)).isFalse();
	}

	@Test
	void completedCancelledAndRejectedAreFinal() {
		for (OrderStatus to : OrderStatus.values()) {
			assertThat(OrderStateMachine.allows(COMPLETED, to)).isFalse();
			assertThat(OrderStateMachine.allows(CANCELLED, to)).isFalse();
			assertThat(OrderStateMachine.allows(REJECTED, to)).isFalse();
		}
	}

	@Test
	void anyOpenOrderCanBeCancelled() {
		for (OrderStatus from : new OrderStatus[] { RECEIVED, SYNCED, SYNC_FAILED, CONFIRMED, CONFIRM_FAILED }) {
			assertThat(OrderStateMachine.allows(from, CANCELLED)).as(from.value()).isTrue();
		}
	}

	@Test
	void aForbiddenMoveSaysWhich() {
		assertThatThrownBy(() -> OrderStateMachine.move(REJECTED, CONFIRMED))
			.isInstanceOf(OrderStateMachine.IllegalTransitionException.class)
			.hasMessage("An order cannot move from rejected to confirmed");
	}

	@Test
	void statusesHaveLowerCaseWireValues() {
		assertThat(OrderStatus.SYNC_FAILED.value()).isEqualTo("sync_failed");
		assertThat(OrderStatus.of("confirm_failed")).isEqualTo(CONFIRM_FAILED);
		assertThat(OrderStatus.parse("shipped")).isEmpty();
	}

}
