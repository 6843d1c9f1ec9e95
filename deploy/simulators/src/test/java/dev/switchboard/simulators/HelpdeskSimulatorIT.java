package dev.switchboard.simulators;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The helpdesk takes escalations with the configured bearer token only, once per
 * idempotency key, and lists them under {@code /_sim/helpdesk}.
 */
class HelpdeskSimulatorIT {

	private static Simulators simulators;

	private static TestHttp http;

	@BeforeAll
	static void start() {
		simulators = Simulators.start(SimulatorOptions.defaults());
		http = new TestHttp(simulators.baseUrl());
	}

	@AfterAll
	static void stop() {
		simulators.close();
	}

	@BeforeEach
	void reset() {
		simulators.helpdesk().expectToken(HelpdeskSimulator.DEMO_TOKEN);
		assertThat(http.delete("/_sim/helpdesk/escalations").status()).isEqualTo(204);
	}

	@Test
	void takesAnEscalationWithTheTokenOncePerIdempotencyKey() {
		Map<String, String> headers = Map.of("Content-Type", "application/json", "Authorization",
				"Bearer demo-helpdesk-token", "Idempotency-Key", "workflow:r1:escalate");

		TestHttp.Response first = http.post("/helpdesk/escalations", headers, "{\"messageId\":\"m-1\"}");
		TestHttp.Response again = http.post("/helpdesk/escalations", headers, "{\"messageId\":\"m-1\"}");

		assertThat(first.status()).isEqualTo(201);
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
		TestHttp.Response listed = http.get("/_sim/helpdesk/escalations", Map.of());
		assertThat(listed.json().size()).isEqualTo(1);
		assertThat(listed.json().path(0).path("body").path("messageId").asString()).isEqualTo("m-1");
		assertThat(listed.json().path(0).path("idempotencyKey").asString()).isEqualTo("workflow:r1:escalate");
		assertThat(listed.body()).doesNotContain("demo-helpdesk-token");
	}

	@Test
	void refusesAMissingOrWrongTokenAndABodyThatIsNoObject() {
		simulators.helpdesk().expectToken("configured-token");

		assertThat(http.post("/helpdesk/escalations", Map.of("Content-Type", "application/json"), "{}").status())
			.isEqualTo(401);
		assertThat(
				http.post("/helpdesk/escalations", Map.of("Authorization", "Bearer demo-helpdesk-token"), "{\"a\":1}")
					.status())
			.isEqualTo(401);
		assertThat(
				http.post("/helpdesk/escalations", Map.of("Authorization", "Bearer configured-token"), "[1]").status())
			.isEqualTo(400);
		assertThat(http.post("/helpdesk/escalations", Map.of("Authorization", "Bearer configured-token"), "{\"a\":1}")
			.status()).isEqualTo(201);

		assertThat(simulators.helpdesk().escalations()).hasSize(1);
		assertThat(http.get("/_sim/helpdesk/stats", Map.of()).json().path("rejected").asInt()).isEqualTo(2);
	}

}
