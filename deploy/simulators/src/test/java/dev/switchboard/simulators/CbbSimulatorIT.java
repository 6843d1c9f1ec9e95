package dev.switchboard.simulators;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CbbSimulatorIT {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json", "X-ACCESS-TOKEN",
			"cbb-token");

	private static final Map<String, String> FORM = Map.of("Content-Type", "application/x-www-form-urlencoded",
			"X-ACCESS-TOKEN", "cbb-token");

	private static final Map<String, String> TOKEN = Map.of("X-ACCESS-TOKEN", "cbb-token");

	private static final String CONTACT = """
			{"phone":"+972501234567","email":"dana@example.com","first_name":"Dana","last_name":"Levi",
			 "actions":[{"action":"set_field_value","field_name":"order_number","value":"A-1042"},
			            {"action":"add_tag","tag_name":"customer"}]}""";

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
		simulators.cbb().reset();
		receiver.clear();
	}

	@Test
	void requiresTheAccessToken() {
		TestHttp.Response response = http.get("/cbb/api/contacts/972501234567", Map.of());

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json().path("success").asBoolean()).isFalse();
	}

	@Test
	void createsGetsAndFindsContacts() {
		TestHttp.Response created = http.post("/cbb/api/contacts", JSON, CONTACT);

		assertThat(created.status()).isEqualTo(200);
		JsonNode contact = created.json();
		assertThat(contact.path("id").asLong()).isEqualTo(972501234567L);
		assertThat(contact.path("first_name").asString()).isEqualTo("Dana");
		assertThat(contact.path("custom_fields").path(0).path("name").asString()).isEqualTo("order_number");
		assertThat(contact.path("custom_fields").path(0).path("value").asString()).isEqualTo("A-1042");
		assertThat(contact.path("tags").path(0).path("name").asString()).isEqualTo("customer");

		JsonNode fetched = http.get("/cbb/api/contacts/972501234567", TOKEN).json();
		assertThat(fetched.path("phone").asString()).isEqualTo("+972501234567");
		assertThat(fetched.path("email").asString()).isEqualTo("dana@example.com");

		JsonNode found = http.get("/cbb/api/contacts/find_by_custom_field?field_id=phone&value=%2B972501234567", TOKEN)
			.json();
		assertThat(found.path("data")).hasSize(1);
		assertThat(found.path("data").path(0).path("id").asLong()).isEqualTo(972501234567L);
		JsonNode none = http.get("/cbb/api/contacts/find_by_custom_field?field_id=phone&value=111", TOKEN).json();
		assertThat(none.path("data")).isEmpty();

		assertThat(simulators.cbb().contact("972501234567"))
			.hasValueSatisfying((stored) -> assertThat(stored.customFields()).containsEntry("order_number", "A-1042"));
	}

	@Test
	void unknownContactIsAnObjectWithEmptyFields() {
		TestHttp.Response response = http.get("/cbb/api/contacts/15550009999", TOKEN);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("phone").asString()).isEmpty();
		assertThat(response.json().path("first_name").asString()).isEmpty();
	}

	@Test
	void definesAndUpdatesCustomFields() {
		http.post("/cbb/api/contacts", JSON, CONTACT);
		JsonNode defined = http.post("/cbb/api/accounts/custom_fields", JSON, """
				{"name":"lead_score","type":1,"description":"score"}""").json();
		long fieldId = defined.path("id").asLong();
		assertThat(defined.path("name").asString()).isEqualTo("lead_score");

		JsonNode fields = http.get("/cbb/api/accounts/custom_fields", TOKEN).json();
		assertThat(fields).extracting((field) -> field.path("name").asString())
			.containsExactly("order_number", "lead_score");
		assertThat(fields.path(1).path("type").asInt()).isEqualTo(1);

		TestHttp.Response updated = http.post("/cbb/api/contacts/972501234567/custom_fields/" + fieldId, FORM,
				"value=42");
		assertThat(updated.status()).isEqualTo(200);
		assertThat(updated.json().path("success").asBoolean()).isTrue();
		assertThat(simulators.cbb().contact("972501234567").orElseThrow().customFields()).containsEntry("lead_score",
				"42");
		JsonNode byField = http.get("/cbb/api/contacts/find_by_custom_field?field_id=" + fieldId + "&value=42", TOKEN)
			.json();
		assertThat(byField.path("data")).hasSize(1);

		TestHttp.Response unknownField = http.post("/cbb/api/contacts/972501234567/custom_fields/1", FORM, "value=1");
		assertThat(unknownField.status()).isEqualTo(200);
		assertThat(unknownField.json().path("success").asBoolean()).isFalse();
	}

	@Test
	void sendContentIsRememberedAndTemplatesReportMetaStatuses() throws Exception {
		http.post("/cbb/api/contacts", JSON, CONTACT);
		String content = """
				{"messages":[{"messaging_product":"whatsapp","recipient_type":"individual","to":"972501234567",
				  "type":"template","template":{"name":"order_update","language":{"code":"he"},
				  "components":[{"type":"body","parameters":[{"type":"text","text":"דנה"}]}]}}]}""";

		TestHttp.Response sent = http.post("/cbb/api/contacts/972501234567/send_content", JSON, content);

		assertThat(sent.status()).isEqualTo(200);
		assertThat(sent.json().path("success").asBoolean()).isTrue();
		String messageId = sent.json().path("message_id").asString();
		assertThat(messageId).startsWith("cbb-");
		List<CbbContent> contents = simulators.cbb().sentContents();
		assertThat(contents).singleElement().satisfies((stored) -> {
			assertThat(stored.contactId()).isEqualTo("972501234567");
			assertThat(stored.messageId()).isEqualTo(messageId);
			assertThat(Json.parse(stored.body())).isEqualTo(Json.parse(content));
			assertThat(stored.wamids()).hasSize(1);
		});
		String wamid = contents.get(0).wamids().get(0);

		await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(wamid).size() == 3);
		for (WebhookReceiver.Received received : statusesOf(wamid)) {
			assertThat(received.status().path("biz_opaque_callback_data").asString())
				.isEqualTo("{\"c\":\"972501234567\"}");
			assertThat(received.signature())
				.isEqualTo("sha256=" + Hmac.sha256Hex(SimulatorOptions.DEMO_APP_SECRET, received.body()));
		}
		assertThat(http.get("/_sim/cbb/contents", Map.of()).json().path(0).path("messageId").asString())
			.isEqualTo(messageId);
	}

	@Test
	void sendContentToAnUnknownContactFails() {
		TestHttp.Response response = http.post("/cbb/api/contacts/15550009999/send_content", JSON,
				"{\"messages\":[{\"message\":{\"text\":\"hi\"}}]}");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("success").asBoolean()).isFalse();
		assertThat(simulators.cbb().sentContents()).isEmpty();
	}

	@Test
	void failureRuleAnswersSuccessFalseWithHttp200() {
		http.post("/cbb/api/contacts", JSON, CONTACT);
		simulators.cbb().faults().add(FaultRule.cbbFailure().forRecipient("972501234567").once());

		TestHttp.Response failed = http.post("/cbb/api/contacts/972501234567/send_content", JSON,
				"{\"messages\":[{\"message\":{\"text\":\"hi\"}}]}");
		TestHttp.Response retried = http.post("/cbb/api/contacts/972501234567/send_content", JSON,
				"{\"messages\":[{\"message\":{\"text\":\"hi\"}}]}");

		assertThat(failed.status()).isEqualTo(200);
		assertThat(failed.json().path("success").asBoolean()).isFalse();
		assertThat(failed.json().path("error").asString()).isNotBlank();
		assertThat(retried.json().path("success").asBoolean()).isTrue();
		assertThat(simulators.cbb().sentContents()).hasSize(1);
	}

	@Test
	void httpErrorRuleAnswers5xxAndIsManagedOverHttp() {
		TestHttp.Response added = http.post("/_sim/cbb/faults", Map.of("Content-Type", "application/json"),
				"{\"kind\":\"HTTP_ERROR\",\"httpStatus\":503}");
		assertThat(added.status()).isEqualTo(201);

		assertThat(http.post("/cbb/api/contacts", JSON, CONTACT).status()).isEqualTo(503);
		assertThat(http.get("/cbb/api/accounts/custom_fields", TOKEN).status()).isEqualTo(503);

		assertThat(http.delete("/_sim/cbb/faults").status()).isEqualTo(204);
		assertThat(http.post("/cbb/api/contacts", JSON, CONTACT).status()).isEqualTo(200);
		assertThat(http.get("/_sim/cbb/contacts", Map.of()).json()).hasSize(1);
	}

	private static List<WebhookReceiver.Received> statusesOf(String wamid) {
		return receiver.received()
			.stream()
			.filter((received) -> wamid.equals(received.status().path("id").asString()))
			.toList();
	}

}
