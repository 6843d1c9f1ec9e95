package dev.switchboard.messaging.messages.status.fold;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AppliedStatusesTest {

	private static final Instant ACCEPTED_AT = Instant.parse("2026-01-01T10:00:00Z");

	private static final TrackedMessage MESSAGE = new TrackedMessage(UUID.randomUUID(), "demo", "demo-meta",
			"+972500000001", "wamid.folded", DeliveryState.accepted(ACCEPTED_AT), null);

	private static final List<StatusUpdate> REPORTS = List.of(StatusUpdate.of(MessageStatus.SENT, at(1)),
			StatusUpdate.of(MessageStatus.SENT, at(30)),
			new StatusUpdate(MessageStatus.DELIVERED, at(5), null,
					new Pricing("utility", "PMP", "regular", true, "conversation-1", "utility")),
			StatusUpdate.of(MessageStatus.READ, at(10)),
			StatusUpdate.failed(at(3), new StatusError(131047, "Re-engagement message", "24 hours passed")),
			StatusUpdate.failed(at(3), new StatusError(131026, "Message undeliverable", null)));

	@Test
	void foldsInOrderAndAnnouncesEveryMoveOfTheStatus() {
		AppliedStatuses folded = AppliedStatuses.of(MESSAGE,
				List.of(REPORTS.get(0), REPORTS.get(4), REPORTS.get(2), REPORTS.get(3)));
		assertThat(folded.changed()).isTrue();
		assertThat(folded.statusChanges()).extracting((message) -> message.state().status())
			.containsExactly(MessageStatus.SENT, MessageStatus.FAILED, MessageStatus.DELIVERED, MessageStatus.READ);
		assertThat(folded.statusChanges().get(1).state().times()).containsOnlyKeys(MessageStatus.ACCEPTED,
				MessageStatus.SENT, MessageStatus.FAILED);
		assertThat(folded.message()).isEqualTo(folded.statusChanges().get(3));
	}

	@Test
	void endsWhereApplyingOneReportAtATimeEnds() {
		Random random = new Random(7);
		for (int round = 0; round < 500; round++) {
			List<StatusUpdate> reports = new ArrayList<>();
			for (int i = random.nextInt(8); i >= 0; i--) {
				reports.add(REPORTS.get(random.nextInt(REPORTS.size())));
			}
			TrackedMessage current = MESSAGE;
			boolean changed = false;
			List<TrackedMessage> statusChanges = new ArrayList<>();
			for (StatusUpdate report : reports) {
				DeliveryState.Transition fold = current.state().apply(report);
				if (fold.changed()) {
					current = current.with(fold.state());
					changed = true;
				}
				if (fold.statusChanged()) {
					statusChanges.add(current);
				}
			}
			AppliedStatuses folded = AppliedStatuses.of(MESSAGE, reports);
			assertThat(folded.message()).as("after %s", reports).isEqualTo(current);
			assertThat(folded.changed()).as("after %s", reports).isEqualTo(changed);
			assertThat(folded.statusChanges()).as("after %s", reports).isEqualTo(statusChanges);
		}
	}

	@Test
	void reportsThatChangeNothingLeaveTheMessageAsItWas() {
		TrackedMessage sent = AppliedStatuses.of(MESSAGE, List.of(REPORTS.get(0))).message();
		AppliedStatuses again = AppliedStatuses.of(sent, List.of(REPORTS.get(0), REPORTS.get(1)));
		assertThat(again.changed()).isFalse();
		assertThat(again.statusChanges()).isEmpty();
		assertThat(again.message()).isEqualTo(sent);
	}

	private static Instant at(int seconds) {
		return ACCEPTED_AT.plusSeconds(60 + seconds);
	}

}
