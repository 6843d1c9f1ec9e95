package dev.switchboard.messaging.messages.status.fold;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryStateTest {

	private static final Instant ACCEPTED_AT = Instant.parse("2026-01-01T10:00:00Z");

	private static final StatusError UNDELIVERABLE = new StatusError(131026, "Message undeliverable",
			"not on WhatsApp");

	private static final StatusError RE_ENGAGEMENT = new StatusError(131047, "Re-engagement message", "24 h passed");

	private static final List<MessageStatus> REPORTED = List.of(MessageStatus.SENT, MessageStatus.DELIVERED,
			MessageStatus.READ, MessageStatus.FAILED);

	@Test
	void everyOrderOfSentDeliveredReadEndsReadWithAllThreeTimes() {
		for (List<MessageStatus> order : permutations(
				List.of(MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.READ))) {
			DeliveryState state = DeliveryState.accepted(ACCEPTED_AT);
			for (MessageStatus status : order) {
				state = state.apply(StatusUpdate.of(status, at(status))).state();
			}
			assertThat(state.status()).as("after %s", order).isEqualTo(MessageStatus.READ);
			assertThat(state.times()).as("after %s", order)
				.containsEntry(MessageStatus.ACCEPTED, ACCEPTED_AT)
				.containsEntry(MessageStatus.SENT, at(MessageStatus.SENT))
				.containsEntry(MessageStatus.DELIVERED, at(MessageStatus.DELIVERED))
				.containsEntry(MessageStatus.READ, at(MessageStatus.READ));
			assertThat(state.error()).isNull();
		}
	}

	@Test
	void readNeverGoesBackToDeliveredButTheLateTimeIsKept() {
		DeliveryState read = DeliveryState.accepted(ACCEPTED_AT)
			.apply(StatusUpdate.of(MessageStatus.READ, at(MessageStatus.READ)))
			.state();
		DeliveryState.Transition lateDelivered = read
			.apply(StatusUpdate.of(MessageStatus.DELIVERED, at(MessageStatus.DELIVERED)));
		assertThat(lateDelivered.state().status()).isEqualTo(MessageStatus.READ);
		assertThat(lateDelivered.statusChanged()).isFalse();
		assertThat(lateDelivered.changed()).isTrue();
		assertThat(lateDelivered.state().times()).containsEntry(MessageStatus.DELIVERED, at(MessageStatus.DELIVERED));
	}

	@Test
	void aDuplicateChangesNothingAndTheFirstTimeWins() {
		DeliveryState sent = DeliveryState.accepted(ACCEPTED_AT)
			.apply(StatusUpdate.of(MessageStatus.SENT, at(MessageStatus.SENT)))
			.state();
		DeliveryState.Transition again = sent
			.apply(StatusUpdate.of(MessageStatus.SENT, at(MessageStatus.SENT).plusSeconds(30)));
		assertThat(again.changed()).isFalse();
		assertThat(again.statusChanged()).isFalse();
		assertThat(again.state()).isEqualTo(sent);
	}

	@Test
	void failedAfterSentFailsWithItsError() {
		DeliveryState.Transition failed = DeliveryState.accepted(ACCEPTED_AT)
			.apply(StatusUpdate.of(MessageStatus.SENT, at(MessageStatus.SENT)))
			.state()
			.apply(StatusUpdate.failed(at(MessageStatus.FAILED), RE_ENGAGEMENT));
		assertThat(failed.statusChanged()).isTrue();
		assertThat(failed.state().status()).isEqualTo(MessageStatus.FAILED);
		assertThat(failed.state().error()).isEqualTo(RE_ENGAGEMENT);
		assertThat(failed.state().statusTime()).isEqualTo(at(MessageStatus.FAILED));
	}

	@Test
	void failedAfterAcceptedFails() {
		DeliveryState failed = DeliveryState.accepted(ACCEPTED_AT)
			.apply(StatusUpdate.failed(at(MessageStatus.FAILED), UNDELIVERABLE))
			.state();
		assertThat(failed.status()).isEqualTo(MessageStatus.FAILED);
		assertThat(failed.error()).isEqualTo(UNDELIVERABLE);
	}

	@Test
	void failedAfterReadStaysReadButRecordsTheFailure() {
		DeliveryState read = DeliveryState.accepted(ACCEPTED_AT)
			.apply(StatusUpdate.of(MessageStatus.READ, at(MessageStatus.READ)))
			.state();
		DeliveryState.Transition failed = read.apply(StatusUpdate.failed(at(MessageStatus.FAILED), UNDELIVERABLE));
		assertThat(failed.statusChanged()).isFalse();
		assertThat(failed.state().status()).isEqualTo(MessageStatus.READ);
		assertThat(failed.state().times()).containsEntry(MessageStatus.FAILED, at(MessageStatus.FAILED));
		assertThat(failed.state().error()).isEqualTo(UNDELIVERABLE);
	}

	@Test
	void failedAfterDeliveredStaysDelivered() {
		DeliveryState delivered = DeliveryState.accepted(ACCEPTED_AT)
			.apply(StatusUpdate.of(MessageStatus.DELIVERED, at(MessageStatus.DELIVERED)))
			.state();
		assertThat(delivered.apply(StatusUpdate.failed(at(MessageStatus.FAILED), UNDELIVERABLE)).state().status())
			.isEqualTo(MessageStatus.DELIVERED);
	}

	@Test
	void aLateSentDoesNotUndoAFailure() {
		DeliveryState failed = DeliveryState.accepted(ACCEPTED_AT)
			.apply(StatusUpdate.failed(at(MessageStatus.FAILED), UNDELIVERABLE))
			.state();
		DeliveryState.Transition lateSent = failed.apply(StatusUpdate.of(MessageStatus.SENT, at(MessageStatus.SENT)));
		assertThat(lateSent.state().status()).isEqualTo(MessageStatus.FAILED);
		assertThat(lateSent.statusChanged()).isFalse();
		assertThat(lateSent.state().times()).containsEntry(MessageStatus.SENT, at(MessageStatus.SENT));
	}

	@Test
	void aSecondFailureKeepsTheFirstError() {
		DeliveryState failed = DeliveryState.accepted(ACCEPTED_AT)
			.apply(StatusUpdate.failed(at(MessageStatus.FAILED), UNDELIVERABLE))
			.state();
		DeliveryState.Transition again = failed
			.apply(StatusUpdate.failed(at(MessageStatus.FAILED).plusSeconds(1), RE_ENGAGEMENT));
		assertThat(again.changed()).isFalse();
		assertThat(again.state().error()).isEqualTo(UNDELIVERABLE);
	}

	@Test
	void playedOutranksRead() {
		DeliveryState played = DeliveryState.accepted(ACCEPTED_AT)
			.apply(StatusUpdate.of(MessageStatus.READ, at(MessageStatus.READ)))
			.state()
			.apply(StatusUpdate.of(MessageStatus.PLAYED, at(MessageStatus.PLAYED)))
			.state();
		assertThat(played.status()).isEqualTo(MessageStatus.PLAYED);
	}

	/**
	 * Every sequence of up to four reports (with repeats) against the rules stated
	 * independently: the status is the highest ranked report, each time is its first
	 * report, the error is the first failure's, and a report changes the status exactly
	 * when it outranks everything before it.
	 */
	@Test
	void everySequenceOfReportsFoldsByTheRules() {
		List<MessageStatus> ranking = List.of(MessageStatus.ACCEPTED, MessageStatus.SENT, MessageStatus.FAILED,
				MessageStatus.DELIVERED, MessageStatus.READ, MessageStatus.PLAYED);
		int checked = 0;
		for (List<MessageStatus> sequence : sequences(REPORTED, 4)) {
			DeliveryState state = DeliveryState.accepted(ACCEPTED_AT);
			MessageStatus highest = MessageStatus.ACCEPTED;
			Map<MessageStatus, Instant> firstTimes = new EnumMap<>(Map.of(MessageStatus.ACCEPTED, ACCEPTED_AT));
			StatusError firstError = null;
			for (int i = 0; i < sequence.size(); i++) {
				MessageStatus status = sequence.get(i);
				Instant at = ACCEPTED_AT.plusSeconds(i + 1);
				StatusError error = (status == MessageStatus.FAILED) ? new StatusError(131000 + i, "failure " + i, null)
						: null;
				DeliveryState.Transition fold = state.apply(new StatusUpdate(status, at, error));
				boolean outranks = ranking.indexOf(status) > ranking.indexOf(highest);
				assertThat(fold.statusChanged()).as("%s at step %d", sequence, i).isEqualTo(outranks);
				highest = outranks ? status : highest;
				firstTimes.putIfAbsent(status, at);
				firstError = (firstError == null) ? error : firstError;
				state = fold.state();
			}
			assertThat(state.status()).as("%s", sequence).isEqualTo(highest);
			assertThat(state.times()).as("%s", sequence).isEqualTo(firstTimes);
			assertThat(state.error()).as("%s", sequence).isEqualTo(firstError);
			checked++;
		}
		assertThat(checked).isEqualTo(4 + 16 + 64 + 256);
	}

	@Test
	void statusNamesParseCaseInsensitivelyAndUnknownOnesAreEmpty() {
		assertThat(MessageStatus.parse("delivered")).contains(MessageStatus.DELIVERED);
		assertThat(MessageStatus.parse("READ")).contains(MessageStatus.READ);
		assertThat(MessageStatus.parse("deleted")).isEmpty();
		assertThat(MessageStatus.parse(null)).isEmpty();
	}

	private static Instant at(MessageStatus status) {
		return ACCEPTED_AT.plusSeconds(60L * (status.ordinal() + 1));
	}

	private static List<List<MessageStatus>> permutations(List<MessageStatus> items) {
		if (items.isEmpty()) {
			return List.of(List.of());
		}
		List<List<MessageStatus>> result = new ArrayList<>();
		for (MessageStatus first : items) {
			List<MessageStatus> rest = new ArrayList<>(items);
			rest.remove(first);
			for (List<MessageStatus> tail : permutations(rest)) {
				List<MessageStatus> permutation = new ArrayList<>();
				permutation.add(first);
				permutation.addAll(tail);
				result.add(permutation);
			}
		}
		return result;
	}

	private static List<List<MessageStatus>> sequences(List<MessageStatus> alphabet, int maxLength) {
		List<List<MessageStatus>> result = new ArrayList<>();
		List<List<MessageStatus>> previous = List.of(List.of());
		for (int length = 1; length <= maxLength; length++) {
			List<List<MessageStatus>> current = new ArrayList<>();
			for (List<MessageStatus> prefix : previous) {
				for (MessageStatus next : alphabet) {
					List<MessageStatus> sequence = new ArrayList<>(prefix);
					sequence.add(next);
					current.add(sequence);
				}
			}
			result.addAll(current);
			previous = current;
		}
		return result;
	}

}
