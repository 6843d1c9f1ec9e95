package dev.switchboard.simulators;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.netty.handler.timeout.ReadTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.switchboard.simulators.MetaSimulatorIT.JSON_WITH_TOKEN;
import static dev.switchboard.simulators.MetaSimulatorIT.PHONE_NUMBER_ID;
import static dev.switchboard.simulators.MetaSimulatorIT.textBody;
import static dev.switchboard.simulators.MetaSimulatorIT.wamidOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class MetaFaultsIT {

	private static final String RECIPIENT = "16505551234";

	private static WebhookReceiver receiver;

	private static Simulators simulators;

	private static TestHttp http;

	@BeforeAll
	static void start() {
		receiver = new WebhookReceiver();
		simulators = Simulators.start(SimulatorOptions.defaults()
			.withWebhookUrl(receiver.url())
			.withDelays(Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(60)));
		http = new TestHttp(simulators.baseUrl());
	}

	@AfterAll
	static void stop() {
		simulators.close();
		receiver.close();
	}

	@BeforeEach
	void reset() {
		await().atMost(Duration.ofSeconds(10)).until(() -> simulators.meta().pendingStatuses() == 0);
		simulators.meta().reset();
		receiver.clear();
	}

	@Test
	void httpErrorOnceThenSuccess() {
		simulators.meta().faults().add(FaultRule.httpError(503).once());

		TestHttp.Response failed = send(RECIPIENT);
		TestHttp.Response retried = send(RECIPIENT);

		assertThat(failed.status()).isEqualTo(503);
		assertThat(failed.json().path("error").path("code").asInt()).isEqualTo(131000);
		assertThat(retried.status()).isEqualTo(200);
		assertThat(simulators.meta().sentMessages()).hasSize(1);
		assertThat(simulators.meta().requestCount()).isEqualTo(2);
	}

	@Test
	void metaErrorAnswersMetaJsonAtMetaStatus() {
		simulators.meta().faults().add(FaultRule.metaError(130429));

		TestHttp.Response response = send(RECIPIENT);

		assertThat(response.status()).isEqualTo(429);
		JsonNode error = response.json().path("error");
		assertThat(error.path("message").asString()).isEqualTo("(#130429) Rate limit hit");
		assertThat(error.path("type").asString()).isEqualTo("OAuthException");
		assertThat(error.path("code").asInt()).isEqualTo(130429);
		assertThat(error.path("error_data").path("messaging_product").asString()).isEqualTo("whatsapp");
		assertThat(error.path("error_data").path("details").asString()).isNotBlank();
		assertThat(error.path("fbtrace_id").asString()).isNotBlank();
		assertThat(simulators.meta().sentMessages()).isEmpty();
	}

	@Test
	void markAsReadFailsByTheSameRulesAndRecordsOnlyWhenTaken() {
		simulators.meta().faults().add(FaultRule.metaError(131000).once());
		simulators.meta().faults().add(FaultRule.metaError(131026).forRecipient(RECIPIENT));

		TestHttp.Response failed = http.post("/v23.0/100000000000001/messages", JSON_WITH_TOKEN,
				MetaSimulatorIT.readBody("wamid.READ1"));
		TestHttp.Response taken = http.post("/v23.0/100000000000001/messages", JSON_WITH_TOKEN,
				MetaSimulatorIT.readBody("wamid.READ1"));

		assertThat(failed.status()).isEqualTo(500);
		assertThat(failed.json().path("error").path("code").asInt()).isEqualTo(131000);
		// A rule for a recipient never matches a read: the call names no recipient.
		assertThat(taken.status()).isEqualTo(200);
		assertThat(simulators.meta().readReceipts()).extracting(ReadReceipt::messageId).containsExactly("wamid.READ1");
	}

	@Test
	void rulesCanTargetOneRecipient() {
		simulators.meta().faults().add(FaultRule.metaError(131026).forRecipient("+1 650 555 1234"));

		assertThat(send(RECIPIENT).status()).isEqualTo(400);
		assertThat(send("447700900123").status()).isEqualTo(200);
	}

	@Test
	void timeoutOutlastsTheClientAndRecordsNothing() {
		simulators.meta().faults().add(FaultRule.timeout(Duration.ofSeconds(2)).once());
		TestHttp impatient = new TestHttp(simulators.baseUrl()).withTimeout(Duration.ofMillis(300));

		assertThatThrownBy(() -> impatient.post("/v23.0/" + PHONE_NUMBER_ID + "/messages", JSON_WITH_TOKEN,
				textBody(RECIPIENT, "x")))
			.isInstanceOf(ReadTimeoutException.class);
		assertThat(send(RECIPIENT).status()).isEqualTo(200);
		assertThat(simulators.meta().sentMessages()).hasSize(1);
	}

	@Test
	void aLateAnswerOutlastsTheClientButTheMessageWentOutAndItsStatusesFollow() {
		simulators.meta().faults().add(FaultRule.lateAnswer(Duration.ofSeconds(2)).once());
		TestHttp impatient = new TestHttp(simulators.baseUrl()).withTimeout(Duration.ofMillis(300));

		assertThatThrownBy(() -> impatient.post("/v23.0/" + PHONE_NUMBER_ID + "/messages", JSON_WITH_TOKEN,
				textBody(RECIPIENT, "x")))
			.isInstanceOf(ReadTimeoutException.class);
		assertThat(simulators.meta().sentMessages()).hasSize(1);
		String wamid = simulators.meta().sentMessages().get(0).wamid();
		await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(wamid).size() == 3);
	}

	@Test
	void failedStatusAcceptsThenReportsFailureByWebhook() throws Exception {
		simulators.meta().faults().add(FaultRule.failedStatus(131047));

		String wamid = wamidOf(send(RECIPIENT));

		await().atMost(Duration.ofSeconds(10)).until(() -> !statusesOf(wamid).isEmpty());
		await().during(Duration.ofMillis(200))
			.atMost(Duration.ofSeconds(2))
			.until(() -> statusesOf(wamid).size() == 1 && simulators.meta().pendingStatuses() == 0);
		WebhookReceiver.Received failed = statusesOf(wamid).get(0);
		JsonNode status = failed.status();
		assertThat(status.path("status").asString()).isEqualTo("failed");
		assertThat(status.path("recipient_id").asString()).isEqualTo(RECIPIENT);
		assertThat(status.path("errors").path(0).path("code").asInt()).isEqualTo(131047);
		assertThat(status.path("errors").path(0).path("title").asString()).isEqualTo("Re-engagement message");
		assertThat(status.has("pricing")).isFalse();
		assertThat(failed.signature())
			.isEqualTo("sha256=" + Hmac.sha256Hex(SimulatorOptions.DEMO_APP_SECRET, failed.body()));
		// Meta escapes '/' in what it signs, e.g. in the error's href
		assertThat(failed.text()).contains("https:\\/\\/developers.facebook.com\\/");
		assertThat(simulators.meta().sentMessages()).hasSize(1);
	}

	@Test
	void faultsAreManagedOverHttp() {
		Map<String, String> json = Map.of("Content-Type", "application/json");
		TestHttp.Response added = http.post("/_sim/meta/faults", json, """
				{"kind":"META_ERROR","metaCode":131056,"times":1,"recipient":"16505551234"}""");

		assertThat(added.status()).isEqualTo(201);
		assertThat(added.json().path("httpStatus").asInt()).isEqualTo(429);
		assertThat(http.get("/_sim/meta/faults", Map.of()).json()).hasSize(1);
		assertThat(send(RECIPIENT).status()).isEqualTo(429);
		assertThat(send(RECIPIENT).status()).isEqualTo(200);

		http.post("/_sim/meta/faults", json, "{\"kind\":\"HTTP_ERROR\",\"httpStatus\":500}");
		assertThat(send(RECIPIENT).status()).isEqualTo(500);
		assertThat(http.delete("/_sim/meta/faults").status()).isEqualTo(204);
		assertThat(simulators.meta().faults().list()).isEmpty();
		assertThat(send(RECIPIENT).status()).isEqualTo(200);

		assertThat(http.post("/_sim/meta/faults", json, "{\"kind\":\"NOPE\"}").status()).isEqualTo(400);
	}

	private static TestHttp.Response send(String to) {
		return http.post("/v23.0/" + PHONE_NUMBER_ID + "/messages", JSON_WITH_TOKEN, textBody(to, "x"));
	}

	private static List<WebhookReceiver.Received> statusesOf(String wamid) {
		return receiver.received()
			.stream()
			.filter((received) -> wamid.equals(received.status().path("id").asString()))
			.toList();
	}

}
