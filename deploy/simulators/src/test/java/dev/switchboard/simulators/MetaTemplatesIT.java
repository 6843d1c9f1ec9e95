package dev.switchboard.simulators;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MetaTemplatesIT {

	private static final Map<String, String> TOKEN = Map.of("Authorization", "Bearer test-token");

	private static final String LIST = "/v23.0/" + SimulatorOptions.DEFAULT_WABA_ID + "/message_templates";

	private static final Map<String, String> JSON_WITH_TOKEN = Map.of("Authorization", "Bearer test-token",
			"Content-Type", "application/json");

	private static WebhookReceiver receiver;

	private static Simulators simulators;

	private static TestHttp http;

	@BeforeAll
	static void start() {
		receiver = new WebhookReceiver();
		simulators = Simulators.start(SimulatorOptions.defaults().withWebhookUrl(receiver.url()));
		simulators.templates().reviewDelay(Duration.ofMillis(50));
		http = new TestHttp(simulators.baseUrl());
	}

	@AfterAll
	static void stop() {
		simulators.close();
		receiver.close();
	}

	@BeforeEach
	void reset() {
		simulators.templates().reset();
		receiver.clear();
	}

	@Test
	void aCreatedTemplateIsPendingThenReviewedByASignedStatusWebhookApprovingOrRejectingByName() {
		String body = "{\"name\":\"%s\",\"language\":\"en\",\"category\":\"UTILITY\",\"components\":"
				+ "[{\"type\":\"BODY\",\"text\":\"Your documents are ready for pick-up.\"}]}";
		TestHttp.Response created = http.post(LIST, JSON_WITH_TOKEN, body.formatted("pickup_ready"));
		assertThat(created.status()).isEqualTo(200);
		assertThat(created.json().path("status").asString()).isEqualTo("PENDING");
		assertThat(http.post(LIST, JSON_WITH_TOKEN, body.formatted("pickup_ready")).status()).isEqualTo(400);
		http.post(LIST, JSON_WITH_TOKEN, body.formatted("please_reject_me"));
		await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 2);
		for (WebhookReceiver.Received webhook : receiver.received()) {
			assertThat(webhook.signature())
				.isEqualTo(simulators.meta().signature(SimulatorOptions.DEMO_PHONE_NUMBER_ID, webhook.body()));
			assertThat(webhook.json().path("entry").get(0).path("changes").get(0).path("field").asString())
				.isEqualTo("message_template_status_update");
		}
		assertThat(receiver.received())
			.extracting((webhook) -> webhook.value().path("message_template_name").asString() + ":"
					+ webhook.value().path("event").asString())
			.containsExactlyInAnyOrder("pickup_ready:APPROVED", "please_reject_me:REJECTED");
		assertThat(simulators.templates().template(SimulatorOptions.DEFAULT_WABA_ID, "pickup_ready", "en"))
			.hasValueSatisfying((template) -> assertThat(template.path("status").asString()).isEqualTo("APPROVED"));

		assertThat(http
			.exchange(io.netty.handler.codec.http.HttpMethod.DELETE, LIST + "?name=pickup_ready", JSON_WITH_TOKEN, null)
			.block()
			.status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 3);
		assertThat(simulators.templates().template(SimulatorOptions.DEFAULT_WABA_ID, "pickup_ready", "en")).isEmpty();
	}

	@Test
	void listsTheDemoTemplatesInPagesOf25FollowingNextToTheEnd() {
		List<JsonNode> templates = new ArrayList<>();
		String next = LIST + "?fields=name,language,status,category,components,parameter_format,quality_score";
		int pages = 0;
		while (next != null) {
			TestHttp.Response page = http.get(next.replace(simulators.baseUrl(), ""), TOKEN);
			assertThat(page.status()).isEqualTo(200);
			JsonNode json = page.json();
			json.path("data").forEach(templates::add);
			next = json.path("paging").has("next") ? json.path("paging").path("next").asString() : null;
			if (next != null) {
				assertThat(next).startsWith(simulators.baseUrl() + LIST).contains("fields=").contains("after=");
			}
			pages++;
		}
		assertThat(pages).isEqualTo(3);
		assertThat(templates).hasSize(52);
		assertThat(templates).filteredOn((t) -> "order_confirmation_global".equals(t.path("name").asString()))
			.extracting((t) -> t.path("language").asString() + ":" + t.path("status").asString())
			.containsExactlyInAnyOrder("he:APPROVED", "ro:APPROVED", "en:APPROVED");
		assertThat(templates).extracting((t) -> t.path("status").asString()).contains("PAUSED", "REJECTED");
		assertThat(templates).anySatisfy((t) -> assertThat(t.path("parameter_format").asString()).isEqualTo("NAMED"));
		assertThat(templates.get(0).path("quality_score").path("score").asString()).isEqualTo("GREEN");
		assertThat(templates.get(0).has("id")).isTrue();
	}

	@Test
	void withoutFieldsOnlyMetasDefaultFieldsAreListed() {
		JsonNode first = http.get(LIST + "?limit=1", TOKEN).json().path("data").get(0);
		assertThat(first.has("name")).isTrue();
		assertThat(first.has("quality_score")).isFalse();
		assertThat(first.has("parameter_format")).isFalse();
	}

	@Test
	void refusesRequestsWithoutATokenAndPlaysRateLimits() {
		assertThat(http.get(LIST, Map.of()).status()).isEqualTo(401);
		simulators.templates().faults().add(FaultRule.metaError(80008).once());
		TestHttp.Response limited = http.get(LIST, TOKEN);
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.json().path("error").path("code").asInt()).isEqualTo(80008);
		assertThat(http.get(LIST, TOKEN).status()).isEqualTo(200);
	}

	@Test
	void generatedTemplatesAndRemovalsOverHttp() {
		assertThat(http
			.post("/_sim/meta/templates", Map.of("Content-Type", "application/json"),
					"{\"wabaId\":\"300\",\"count\":120}")
			.status()).isEqualTo(201);
		assertThat(simulators.templates().list("300")).hasSize(120);
		assertThat(http.get("/v23.0/300/message_templates?limit=100", TOKEN).json().path("data").size()).isEqualTo(100);
		assertThat(http.delete("/_sim/meta/templates?wabaId=300&name=generated_7").json().path("removed").asInt())
			.isEqualTo(1);
		assertThat(simulators.templates().list("300")).hasSize(119);
	}

}
