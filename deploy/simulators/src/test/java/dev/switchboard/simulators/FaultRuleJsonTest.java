package dev.switchboard.simulators;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FaultRuleJsonTest {

	@Test
	void missingFieldsTakeFactoryDefaults() {
		FaultRule rule = FaultRuleJson.read(Json.parse("""
				{"kind":"meta_error","metaCode":131056,"recipient":"+1 650 555 1234"}"""));

		assertThat(rule).isEqualTo(FaultRule.metaError(131056).forRecipient("+1 650 555 1234"));
	}

	@Test
	void readsEveryField() {
		FaultRule rule = FaultRuleJson.read(Json.parse("""
				{"kind":"HTTP_ERROR","httpStatus":503,"phoneNumberId":"100","probability":0.5,"times":3,
				 "delay":"250ms"}"""));

		assertThat(rule)
			.isEqualTo(new FaultRule(null, "100", 0.5, 3, FaultRule.Kind.HTTP_ERROR, 503, 0, Duration.ofMillis(250)));
	}

	@Test
	void timeoutDelayAsIsoOrMillis() {
		assertThat(FaultRuleJson.read(Json.parse("{\"kind\":\"TIMEOUT\",\"delay\":\"PT2S\"}")).delay())
			.isEqualTo(Duration.ofSeconds(2));
		assertThat(FaultRuleJson.read(Json.parse("{\"kind\":\"TIMEOUT\",\"delayMillis\":1500}")).delay())
			.isEqualTo(Duration.ofMillis(1500));
	}

	@Test
	void roundTrips() {
		FaultRule rule = FaultRule.failedStatus(131047).forRecipient("1").once().withDelay(Duration.ofMillis(10));

		assertThat(FaultRuleJson.read(FaultRuleJson.write(rule))).isEqualTo(rule);
	}

}
