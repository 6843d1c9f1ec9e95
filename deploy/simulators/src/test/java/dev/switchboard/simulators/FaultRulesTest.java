package dev.switchboard.simulators;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FaultRulesTest {

	private final FaultRules rules = new FaultRules();

	@Test
	void ruleLimitedInTimesFiresThatOftenThenDisappears() {
		this.rules.add(FaultRule.httpError(503).withTimes(2));

		assertThat(this.rules.fire("1", "p", (kind) -> true)).isPresent();
		assertThat(this.rules.fire("1", "p", (kind) -> true)).isPresent();
		assertThat(this.rules.fire("1", "p", (kind) -> true)).isEmpty();
		assertThat(this.rules.list()).isEmpty();
	}

	@Test
	void unlimitedRuleKeepsFiring() {
		this.rules.add(FaultRule.metaError(130429));

		for (int i = 0; i < 5; i++) {
			assertThat(this.rules.fire("1", "p", (kind) -> true)).isPresent();
		}
	}

	@Test
	void recipientIsComparedByDigits() {
		this.rules.add(FaultRule.httpError(500).forRecipient("+1 (650) 555-1234"));

		assertThat(this.rules.fire("16505551234", "p", (kind) -> true)).isPresent();
		assertThat(this.rules.fire("16505559999", "p", (kind) -> true)).isEmpty();
		assertThat(this.rules.fire(null, "p", (kind) -> true)).isEmpty();
	}

	@Test
	void phoneNumberFilterAppliesOnlyWhenTheRequestHasOne() {
		this.rules.add(FaultRule.httpError(500).forPhoneNumberId("100"));

		assertThat(this.rules.fire("1", "200", (kind) -> true)).isEmpty();
		assertThat(this.rules.fire("1", "100", (kind) -> true)).isPresent();
		assertThat(this.rules.fire("1", null, (kind) -> true)).isPresent();
	}

	@Test
	void probabilityZeroNeverFiresAndDoesNotConsume() {
		this.rules.add(FaultRule.httpError(500).withProbability(0).once());

		for (int i = 0; i < 20; i++) {
			assertThat(this.rules.fire("1", "p", (kind) -> true)).isEmpty();
		}
		assertThat(this.rules.list()).hasSize(1);
	}

	@Test
	void kindFilterSkipsRulesWithoutConsumingThem() {
		this.rules.add(FaultRule.failedStatus(131026).once()).add(FaultRule.cbbFailure().once());

		assertThat(this.rules.fire("1", null, (kind) -> kind != FaultRule.Kind.FAILED_STATUS))
			.hasValueSatisfying((rule) -> assertThat(rule.kind()).isEqualTo(FaultRule.Kind.CBB_FAILURE));
		assertThat(this.rules.list()).singleElement()
			.satisfies((rule) -> assertThat(rule.kind()).isEqualTo(FaultRule.Kind.FAILED_STATUS));
	}

	@Test
	void firstMatchingRuleWins() {
		this.rules.add(FaultRule.metaError(131026).forRecipient("2")).add(FaultRule.metaError(130429));

		assertThat(this.rules.fire("2", "p", (kind) -> true)).map(FaultRule::metaCode).hasValue(131026);
		assertThat(this.rules.fire("3", "p", (kind) -> true)).map(FaultRule::metaCode).hasValue(130429);
	}

	@Test
	void factoriesUseMetaStatuses() {
		assertThat(FaultRule.metaError(131056).httpStatus()).isEqualTo(429);
		assertThat(FaultRule.metaError(190).httpStatus()).isEqualTo(401);
		assertThat(FaultRule.timeout(Duration.ofSeconds(3)).delay()).isEqualTo(Duration.ofSeconds(3));
		assertThat(FaultRule.failedStatus(131047).httpStatus()).isEqualTo(200);
	}

	@Test
	void rejectsNonsense() {
		assertThatIllegalArgumentException().isThrownBy(() -> FaultRule.httpError(500).withProbability(1.5));
		assertThatIllegalArgumentException().isThrownBy(() -> FaultRule.httpError(500).withTimes(0));
		assertThatIllegalArgumentException().isThrownBy(() -> FaultRule.httpError(42));
	}

}
