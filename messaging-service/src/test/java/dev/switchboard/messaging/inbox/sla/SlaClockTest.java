package dev.switchboard.messaging.inbox.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static dev.switchboard.messaging.inbox.sla.BusinessHoursTest.berlin;
import static dev.switchboard.messaging.inbox.sla.BusinessHoursTest.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlaClockTest {

	private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

	private static final SlaPolicy POLICY = new SlaPolicy(Duration.ofHours(2), Duration.ofHours(1),
			Duration.ofHours(24), 0.75, null);

	private static final BusinessHours ALWAYS = BusinessHours.ALWAYS;

	@Test
	void aCustomerMessageStartsTheFirstResponseClockAndFurtherOnesLeaveItRunning() {
		SlaClock clock = SlaClock.NONE.customerMessage(T0, POLICY, ALWAYS);
		assertThat(clock.state()).isEqualTo(SlaState.ON_TRACK);
		assertThat(clock.running()).isEqualTo(SlaTarget.FIRST_RESPONSE);
		assertThat(clock.firstResponseDueAt()).isEqualTo(T0.plus(Duration.ofHours(2)));
		assertThat(clock.atRiskAt()).isEqualTo(T0.plus(Duration.ofMinutes(90)));
		assertThat(clock.checkAt()).isEqualTo(clock.atRiskAt());

		SlaClock again = clock.customerMessage(T0.plus(Duration.ofMinutes(30)), POLICY, ALWAYS);
		assertThat(again.firstResponseDueAt()).isEqualTo(clock.firstResponseDueAt());
		assertThat(again.idleDueAt()).isEqualTo(T0.plus(Duration.ofMinutes(30)).plus(Duration.ofHours(24)));
	}

	@Test
	void theClockTurnsAtRiskThenBreachedAndStraightToBreachedWhenBothPassed() {
		SlaClock clock = SlaClock.NONE.customerMessage(T0, POLICY, ALWAYS);
		assertThat(clock.at(T0.plus(Duration.ofMinutes(89)))).isEqualTo(clock);
		SlaClock atRisk = clock.at(T0.plus(Duration.ofMinutes(90)));
		assertThat(atRisk.state()).isEqualTo(SlaState.AT_RISK);
		assertThat(atRisk.checkAt()).isEqualTo(clock.firstResponseDueAt());
		SlaClock breached = atRisk.at(T0.plus(Duration.ofHours(2)));
		assertThat(breached.state()).isEqualTo(SlaState.BREACHED);
		assertThat(breached.checkAt()).isEqualTo(clock.idleDueAt());
		assertThat(clock.at(T0.plus(Duration.ofHours(5))).state()).isEqualTo(SlaState.BREACHED);
		assertThat(breached.at(T0.plus(Duration.ofHours(6)))).isEqualTo(breached);
	}

	@Test
	void aReplyInTimeMeetsItAndTheNextCustomerMessageStartsTheNextResponseClock() {
		SlaClock clock = SlaClock.NONE.customerMessage(T0, POLICY, ALWAYS).at(T0.plus(Duration.ofMinutes(100)));
		SlaClock met = clock.agentReplied(T0.plus(Duration.ofMinutes(110)), POLICY);
		assertThat(met.state()).isEqualTo(SlaState.MET);
		assertThat(met.running()).isNull();
		assertThat(met.firstRepliedAt()).isEqualTo(T0.plus(Duration.ofMinutes(110)));
		assertThat(met.checkAt()).isEqualTo(met.idleDueAt());

		Instant later = T0.plus(Duration.ofHours(3));
		SlaClock next = met.customerMessage(later, POLICY, ALWAYS);
		assertThat(next.state()).isEqualTo(SlaState.ON_TRACK);
		assertThat(next.running()).isEqualTo(SlaTarget.NEXT_RESPONSE);
		assertThat(next.nextResponseDueAt()).isEqualTo(later.plus(Duration.ofHours(1)));
		assertThat(next.firstResponseDueAt()).isEqualTo(clock.firstResponseDueAt());
		assertThat(next.dueAt()).isEqualTo(next.nextResponseDueAt());
	}

	@Test
	void aLateReplyIsABreachEvenBeforeTheMonitorSawIt() {
		SlaClock clock = SlaClock.NONE.customerMessage(T0, POLICY, ALWAYS);
		assertThat(clock.agentReplied(T0.plus(Duration.ofHours(2)), POLICY).state()).isEqualTo(SlaState.BREACHED);
		assertThat(clock.at(T0.plus(Duration.ofHours(3))).agentReplied(T0.plus(Duration.ofHours(3)), POLICY).state())
			.isEqualTo(SlaState.BREACHED);
	}

	@Test
	void idleIsCalendarTimeFromTheLastMessageOrReplyAndResolvingStopsEverything() {
		SlaClock clock = SlaClock.NONE.customerMessage(T0, POLICY, ALWAYS)
			.agentReplied(T0.plus(Duration.ofMinutes(5)), POLICY);
		assertThat(clock.idleDueAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)).plus(Duration.ofHours(24)));
		assertThat(clock.idleAt(clock.idleDueAt().minusSeconds(1))).isFalse();
		assertThat(clock.idleAt(clock.idleDueAt())).isTrue();
		SlaClock stopped = SlaClock.NONE.customerMessage(T0, POLICY, ALWAYS).stopped();
		assertThat(stopped.checkAt()).isNull();
		assertThat(stopped.running()).isNull();
		assertThat(stopped.state()).isEqualTo(SlaState.ON_TRACK);
	}

	@Test
	void aMessageDeliveredLateIsDueFromWhenItWasSentButIdleFromWhenItArrived() {
		Instant arrived = T0.plus(Duration.ofHours(30));
		SlaClock clock = SlaClock.NONE.customerMessage(T0, arrived, POLICY, ALWAYS);
		assertThat(clock.firstResponseDueAt()).isEqualTo(T0.plus(Duration.ofHours(2)));
		assertThat(clock.at(arrived).state()).isEqualTo(SlaState.BREACHED);
		assertThat(clock.idleDueAt()).isEqualTo(arrived.plus(Duration.ofHours(24)));
		assertThat(clock.idleAt(arrived)).isFalse();
	}

	@Test
	void dueTimesCountOnlyBusinessHours() {
		BusinessHours office = BusinessHours.parse(Map.of("timeZone", "Europe/Berlin", "weekly",
				Map.of("FRIDAY", day("09:00", "17:00"), "MONDAY", day("09:00", "17:00"))));
		SlaClock clock = SlaClock.NONE.customerMessage(berlin("2026-12-04T16:30"), POLICY, office);
		assertThat(clock.firstResponseDueAt()).isEqualTo(berlin("2026-12-07T10:30"));
		assertThat(clock.atRiskAt()).isEqualTo(berlin("2026-12-07T10:00"));
		// Idle counts calendar time.
		assertThat(clock.idleDueAt()).isEqualTo(berlin("2026-12-05T16:30"));
	}

	@Test
	void aPolicyTakesTheQueuesFieldsOverTheDefaultsAndNamesWhatItCannotUse() {
		UUID escalation = UUID.randomUUID();
		SlaPolicy policy = SlaPolicy.parse(
				Map.of("firstResponse", "PT30M", "atRiskShare", 0.5, "escalationQueueId", escalation.toString()),
				POLICY);
		assertThat(policy).isEqualTo(
				new SlaPolicy(Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(24), 0.5, escalation));
		assertThat(SlaPolicy.parse(null, POLICY)).isEqualTo(POLICY);
		invalid(Map.of("firstResponse", "2 hours"), "slaPolicy.firstResponse");
		invalid(Map.of("idle", "PT0S"), "slaPolicy.idle");
		invalid(Map.of("nextResponse", "-PT1H"), "slaPolicy.nextResponse");
		invalid(Map.of("atRiskShare", 1), "slaPolicy.atRiskShare");
		invalid(Map.of("atRiskShare", "half"), "slaPolicy.atRiskShare");
		invalid(Map.of("escalationQueueId", "support"), "slaPolicy.escalationQueueId");
		invalid(Map.of("resolution", "PT8H"), "slaPolicy.resolution");
	}

	private static void invalid(Map<String, Object> json, String field) {
		assertThatThrownBy(() -> SlaPolicy.parse(json, POLICY)).isInstanceOfSatisfying(InvalidSlaSettings.class,
				(ex) -> assertThat(ex.field()).isEqualTo(field));
	}

}
