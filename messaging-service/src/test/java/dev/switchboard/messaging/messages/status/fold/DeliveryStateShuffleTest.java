package dev.switchboard.messaging.messages.status.fold;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 statuses of 2,500 messages folded once in order, and three times over in
 * shuffled order: every message ends in exactly the same state.
 */
class DeliveryStateShuffleTest {

	private static final Instant BASE = Instant.parse("2026-11-01T10:00:00Z");

	@Test
	void tenThousandStatusesThreeTimesShuffledFoldLikeOnceInOrder() {
		List<Report> inOrder = reports();
		assertThat(inOrder).hasSize(10_000);
		Map<Integer, DeliveryState> once = fold(inOrder);
		List<Report> thrice = new ArrayList<>();
		Random random = new Random(7);
		for (int copy = 0; copy < 3; copy++) {
			List<Report> shuffled = new ArrayList<>(inOrder);
			Collections.shuffle(shuffled, random);
			thrice.addAll(shuffled);
		}
		Map<Integer, DeliveryState> shuffledThrice = fold(thrice);
		assertThat(shuffledThrice).isEqualTo(once);
		assertThat(once.values()).extracting(DeliveryState::status)
			.contains(MessageStatus.DELIVERED, MessageStatus.READ, MessageStatus.PLAYED);
		// Failures reported after delivered keep the status but record the error.
		assertThat(once.values()).filteredOn((state) -> state.error() != null).hasSize(250);
	}

	private static Map<Integer, DeliveryState> fold(List<Report> reports) {
		Map<Integer, DeliveryState> states = new HashMap<>();
		for (Report report : reports) {
			DeliveryState state = states.computeIfAbsent(report.message(), (id) -> DeliveryState.accepted(BASE));
			states.put(report.message(), state.apply(report.update()).state());
		}
		return states;
	}

	private static List<Report> reports() {
		List<Report> reports = new ArrayList<>();
		for (int i = 0; i < 2_500; i++) {
			Instant sent = BASE.plusSeconds(i);
			Pricing pricing = new Pricing((i % 3 == 0) ? "marketing" : "utility", "PMP", "regular", true, "conv-" + i,
					"utility");
			reports.add(new Report(i, new StatusUpdate(MessageStatus.SENT, sent, null, pricing)));
			reports.add(new Report(i, new StatusUpdate(MessageStatus.DELIVERED, sent.plusSeconds(5), null,
					(i % 2 == 0) ? pricing : null)));
			if (i % 10 == 0) {
				reports.add(new Report(i, StatusUpdate.failed(sent.plusSeconds(7),
						new StatusError(131047 + (i % 20), "Re-engagement message", "24 h passed"))));
			}
			else {
				reports.add(new Report(i, StatusUpdate.of(MessageStatus.READ, sent.plusSeconds(10))));
			}
			reports.add(new Report(i, (i % 4 == 1) ? StatusUpdate.of(MessageStatus.PLAYED, sent.plusSeconds(20))
					: StatusUpdate.of(MessageStatus.DELIVERED, sent.plusSeconds(30))));
		}
		return reports;
	}

	private record Report(int message, StatusUpdate update) {
	}

}
