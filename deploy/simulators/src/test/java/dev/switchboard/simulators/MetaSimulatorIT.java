package dev.switchboard.simulators;

import java.nio.charset.StandardCharsets;
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

class MetaSimulatorIT {

	static final String PHONE_NUMBER_ID = "100000000000001";

	static final String OTHER_PHONE_NUMBER_ID = "100000000000002";

	static final Map<String, String> JSON_WITH_TOKEN = Map.of("Content-Type", "application/json", "Authorization",
			"Bearer demo-access-token");

	private static WebhookReceiver receiver;

	private static Simulators simulators;

	private static TestHttp http;

	@BeforeAll
	static void start() {
		receiver = new WebhookReceiver();
		simulators = Simulators.start(SimulatorOptions.defaults()
			.withWebhookUrl(receiver.url())
			.withAppSecret(OTHER_PHONE_NUMBER_ID, "other-secret")
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
	void sendAnswersLikeMeta() {
		TestHttp.Response response = send(PHONE_NUMBER_ID, "+1 650-555-1234", textBody("+1 650-555-1234", "hi"));

		assertThat(response.status()).isEqualTo(200);
		JsonNode json = response.json();
		assertThat(json.path("messaging_product").asString()).isEqualTo("whatsapp");
		assertThat(json.path("contacts").path(0).path("input").asString()).isEqualTo("+1 650-555-1234");
		assertThat(json.path("contacts").path(0).path("wa_id").asString()).isEqualTo("16505551234");
		String wamid = json.path("messages").path(0).path("id").asString();
		assertThat(wamid).startsWith("wamid.").hasSizeGreaterThan(20);
		assertThat(simulators.meta().requestCount()).isEqualTo(1);
		assertThat(simulators.meta().sentMessages()).singleElement().satisfies((sent) -> {
			assertThat(sent.phoneNumberId()).isEqualTo(PHONE_NUMBER_ID);
			assertThat(sent.to()).isEqualTo("+1 650-555-1234");
			assertThat(sent.type()).isEqualTo("text");
			assertThat(sent.wamid()).isEqualTo(wamid);
			assertThat(Json.parse(sent.body()).path("text").path("body").asString()).isEqualTo("hi");
		});
	}

	@Test
	void wamidsAreUnique() {
		String first = wamidOf(send(PHONE_NUMBER_ID, "16505551234", textBody("16505551234", "a")));
		String second = wamidOf(send(PHONE_NUMBER_ID, "16505551234", textBody("16505551234", "a")));

		assertThat(first).isNotEqualTo(second);
	}

	@Test
	void statusesArriveSignedInOrderSentDeliveredRead() throws Exception {
		String wamid = wamidOf(send(PHONE_NUMBER_ID, "16505551234", textBody("16505551234", "hello")));

		List<WebhookReceiver.Received> statuses = awaitStatuses(wamid, 3);

		assertThat(statuses).extracting((received) -> received.status().path("status").asString())
			.containsExactly("sent", "delivered", "read");
		for (WebhookReceiver.Received received : statuses) {
			assertThat(received.signature())
				.isEqualTo("sha256=" + Hmac.sha256Hex(SimulatorOptions.DEMO_APP_SECRET, received.body()));
			assertThat(received.contentType()).startsWith("application/json");
			JsonNode status = received.status();
			assertThat(status.path("recipient_id").asString()).isEqualTo("16505551234");
			assertThat(status.path("timestamp").isString()).isTrue();
			assertThat(received.json().path("entry").path(0).path("id").asString()).isEqualTo("200000000000001");
			assertThat(received.value().path("metadata").path("phone_number_id").asString()).isEqualTo(PHONE_NUMBER_ID);
		}
		JsonNode sent = statuses.get(0).status();
		assertThat(sent.path("conversation").path("origin").path("type").asString()).isEqualTo("service");
		assertThat(sent.path("pricing").path("pricing_model").asString()).isEqualTo("PMP");
		await().untilAsserted(() -> assertThat(simulators.meta().webhooksDelivered()).isEqualTo(3));
	}

	@Test
	void signsWithTheSecretOfTheSendingPhoneNumber() throws Exception {
		String wamid = wamidOf(send(OTHER_PHONE_NUMBER_ID, "16505551234", textBody("16505551234", "x")));

		WebhookReceiver.Received sent = awaitStatuses(wamid, 1).get(0);

		assertThat(sent.signature()).isEqualTo("sha256=" + Hmac.sha256Hex("other-secret", sent.body()));
	}

	@Test
	void echoesBizOpaqueCallbackData() {
		String body = """
				{"messaging_product":"whatsapp","to":"16505551234","type":"text","text":{"body":"x"},
				 "biz_opaque_callback_data":"order-42"}""";
		String wamid = wamidOf(send(PHONE_NUMBER_ID, "16505551234", body));

		assertThat(awaitStatuses(wamid, 3))
			.allSatisfy((received) -> assertThat(received.status().path("biz_opaque_callback_data").asString())
				.isEqualTo("order-42"));
	}

	@Test
	void incomingMessageIsEscapedLikeMetaAndSignedOverTheRawBytes() throws Exception {
		Integer status = simulators.meta().postIncomingText(PHONE_NUMBER_ID, "972501234567", "דנה כהן", "שלום").block();

		assertThat(status).isEqualTo(200);
		WebhookReceiver.Received received = receiver.received().get(0);
		String raw = new String(received.body(), StandardCharsets.US_ASCII);
		assertThat(raw).contains("\\u05d3\\u05e0\\u05d4 \\u05db\\u05d4\\u05df");
		assertThat(received.text()).doesNotContain("דנה");
		assertThat(received.signature())
			.isEqualTo("sha256=" + Hmac.sha256Hex(SimulatorOptions.DEMO_APP_SECRET, received.body()));
		JsonNode value = received.value();
		assertThat(value.path("contacts").path(0).path("profile").path("name").asString()).isEqualTo("דנה כהן");
		assertThat(value.path("messages").path(0).path("text").path("body").asString()).isEqualTo("שלום");
		// re-serialised JSON differs from what was signed: consumers must hash the raw
		// bytes
		byte[] reserialised = Json.bytes(received.json());
		assertThat(Hmac.sha256Hex(SimulatorOptions.DEMO_APP_SECRET, reserialised))
			.isNotEqualTo(received.signature().substring("sha256=".length()));
	}

	@Test
	void aCustomerMessageOfAnyTypeIsPostedSignedOnDemand() throws Exception {
		TestHttp.Response response = http.post("/_sim/meta/inbound", Map.of("Content-Type", "application/json"), """
				{"from":"+972 50-123-4567","fromUserId":"IL.1349","profileName":"Dana","type":"image",
				 "image":{"id":"1479537139650973","mime_type":"image/jpeg","caption":"passport"},
				 "context":{"id":"wamid.ORIGIN"}}""");

		assertThat(response.status()).isEqualTo(200);
		String wamid = response.json().path("wamid").asString();
		assertThat(wamid).startsWith("wamid.");
		assertThat(response.json().path("webhookStatus").asInt()).isEqualTo(200);
		WebhookReceiver.Received received = receiver.received().get(0);
		assertThat(received.signature())
			.isEqualTo("sha256=" + Hmac.sha256Hex(SimulatorOptions.DEMO_APP_SECRET, received.body()));
		JsonNode message = received.value().path("messages").path(0);
		assertThat(message.path("id").asString()).isEqualTo(wamid);
		assertThat(message.path("from").asString()).isEqualTo("972501234567");
		assertThat(message.path("from_user_id").asString()).isEqualTo("IL.1349");
		assertThat(message.path("type").asString()).isEqualTo("image");
		assertThat(message.path("image").path("caption").asString()).isEqualTo("passport");
		assertThat(message.path("context").path("id").asString()).isEqualTo("wamid.ORIGIN");
		assertThat(received.value().path("contacts").path(0).path("profile").path("name").asString()).isEqualTo("Dana");

		TestHttp.Response text = http.post("/_sim/meta/inbound", Map.of("Content-Type", "application/json"),
				"{\"from\":\"972501234567\",\"text\":\"hi\"}");
		assertThat(text.status()).isEqualTo(200);
		assertThat(receiver.received().get(1).value().path("messages").path(0).path("text").path("body").asString())
			.isEqualTo("hi");
		assertThat(http.post("/_sim/meta/inbound", Map.of("Content-Type", "application/json"), "{\"text\":\"hi\"}")
			.status()).isEqualTo(400);
	}

	@Test
	void missingTokenIsRejectedWithCode190() {
		TestHttp.Response response = http.post("/v23.0/" + PHONE_NUMBER_ID + "/messages",
				Map.of("Content-Type", "application/json"), textBody("1", "x"));

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json().path("error").path("code").asInt()).isEqualTo(190);
		assertThat(response.json().path("error").path("type").asString()).isEqualTo("OAuthException");
		assertThat(simulators.meta().sentMessages()).isEmpty();
	}

	@Test
	void invalidBodiesAreRejectedWithCode100() {
		TestHttp.Response noProduct = send(PHONE_NUMBER_ID, "1", """
				{"to":"1","type":"text","text":{"body":"x"}}""");
		TestHttp.Response notJson = send(PHONE_NUMBER_ID, "1", "not json");
		TestHttp.Response noText = send(PHONE_NUMBER_ID, "1", """
				{"messaging_product":"whatsapp","to":"1","type":"text"}""");

		for (TestHttp.Response response : List.of(noProduct, notJson, noText)) {
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.json().path("error").path("code").asInt()).isEqualTo(100);
			assertThat(response.json().path("error").path("message").asString()).isEqualTo("(#100) Invalid parameter");
		}
		assertThat(simulators.meta().requestCount()).isEqualTo(3);
		assertThat(simulators.meta().sentMessages()).isEmpty();
	}

	@Test
	void manualStatusesGoOutAsGivenWhenAutomaticOnesAreOff() throws Exception {
		simulators.meta().autoStatuses(false);
		String wamid = wamidOf(send(PHONE_NUMBER_ID, "16505551234", textBody("16505551234", "x")));

		assertThat(simulators.meta().postStatus(PHONE_NUMBER_ID, wamid, "+16505551234", "read").block()).isEqualTo(200);
		assertThat(simulators.meta().postStatus(PHONE_NUMBER_ID, wamid, "+16505551234", "delivered").block())
			.isEqualTo(200);
		assertThat(simulators.meta().postStatus(PHONE_NUMBER_ID, wamid, "+16505551234", "delivered").block())
			.isEqualTo(200);

		await().during(Duration.ofMillis(200))
			.atMost(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(statusesOf(wamid)).extracting((r) -> r.status().path("status").asString())
				.containsExactly("read", "delivered", "delivered"));
		WebhookReceiver.Received read = statusesOf(wamid).get(0);
		assertThat(read.signature())
			.isEqualTo("sha256=" + Hmac.sha256Hex(SimulatorOptions.DEMO_APP_SECRET, read.body()));
	}

	@Test
	void rawPostsKeepBytesAndSignatureAsGiven() {
		byte[] body = "{\"object\":\"whatsapp_business_account\",\"entry\":[]}".getBytes(StandardCharsets.UTF_8);

		assertThat(simulators.meta().postRaw(body, "sha256=deadbeef").block()).isEqualTo(200);
		assertThat(simulators.meta().postRaw(body, simulators.meta().signature(PHONE_NUMBER_ID, body)).block())
			.isEqualTo(200);

		List<WebhookReceiver.Received> received = receiver.received();
		assertThat(received).hasSize(2);
		assertThat(received.get(0).body()).isEqualTo(body);
		assertThat(received.get(0).signature()).isEqualTo("sha256=deadbeef");
		assertThat(received.get(1).signature()).startsWith("sha256=").hasSize(71);
	}

	@Test
	void failedWebhooksAreRetriedAndCounted() {
		receiver.failNext(2);
		String wamid = wamidOf(send(PHONE_NUMBER_ID, "16505551234", textBody("16505551234", "x")));

		assertThat(awaitStatuses(wamid, 3)).extracting((r) -> r.status().path("status").asString())
			.containsExactly("sent", "delivered", "read");
		assertThat(simulators.meta().webhookFailures()).isEqualTo(2);
		await().untilAsserted(() -> assertThat(simulators.meta().webhooksDelivered()).isEqualTo(3));
		assertThat(simulators.meta().webhooksDropped()).isZero();
	}

	@Test
	void sentMessagesAreListedOverHttp() {
		String wamid = wamidOf(send(PHONE_NUMBER_ID, "16505551234", textBody("16505551234", "listed")));

		JsonNode messages = http.get("/_sim/meta/messages", Map.of()).json();

		assertThat(messages).hasSize(1);
		assertThat(messages.path(0).path("wamid").asString()).isEqualTo(wamid);
		assertThat(messages.path(0).path("body").path("text").path("body").asString()).isEqualTo("listed");
		assertThat(http.delete("/_sim/meta/messages").status()).isEqualTo(204);
		assertThat(simulators.meta().sentMessages()).isEmpty();
	}

	@Test
	void statusesCanBePostedOverHttp() {
		TestHttp.Response response = http.post("/_sim/meta/statuses", Map.of("Content-Type", "application/json"), """
				{"wamid":"wamid.manual","recipient":"16505551234","status":"delivered"}""");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("webhookStatus").asInt()).isEqualTo(200);
		assertThat(statusesOf("wamid.manual")).hasSize(1);
	}

	@Test
	void healthAndUnknownPaths() {
		assertThat(http.get("/_sim/health", Map.of()).status()).isEqualTo(200);
		assertThat(http.get("/nothing/here", Map.of()).status()).isEqualTo(404);
	}

	@Test
	void markAsReadAnswersSuccessAndIsRecordedWithoutStatuses() {
		String body = readBody("wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTdBQjc2RDE3QjQ2MDQ3RjE1MgA=");
		TestHttp.Response response = send(PHONE_NUMBER_ID, null, body);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("success").asBoolean()).isTrue();
		assertThat(simulators.meta().sentMessages()).isEmpty();
		assertThat(simulators.meta().readReceipts()).singleElement().satisfies((receipt) -> {
			assertThat(receipt.phoneNumberId()).isEqualTo(PHONE_NUMBER_ID);
			assertThat(receipt.messageId()).isEqualTo("wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTdBQjc2RDE3QjQ2MDQ3RjE1MgA=");
		});
		// Over the control API as well; nothing else is posted for a read.
		JsonNode listed = Json.parse(http.get("/_sim/meta/read-receipts", Map.of()).body());
		assertThat(listed.path(0).path("messageId").asString()).startsWith("wamid.HBgL");
		assertThat(listed.path(0).path("body").path("status").asString()).isEqualTo("read");
		assertThat(Json.parse(http.get("/_sim/meta/stats", Map.of()).body()).path("readReceipts").asInt()).isEqualTo(1);
		assertThat(simulators.meta().pendingStatuses()).isZero();

		// Meta's checks: a message id is required, and only the read status is known.
		TestHttp.Response noId = send(PHONE_NUMBER_ID, null,
				"{\"messaging_product\":\"whatsapp\",\"status\":\"read\"}");
		TestHttp.Response otherStatus = send(PHONE_NUMBER_ID, null,
				"{\"messaging_product\":\"whatsapp\",\"status\":\"delivered\",\"message_id\":\"wamid.X\"}");
		assertThat(noId.status()).isEqualTo(400);
		assertThat(noId.json().path("error").path("code").asInt()).isEqualTo(100);
		assertThat(otherStatus.status()).isEqualTo(400);
		assertThat(http.delete("/_sim/meta/read-receipts").status()).isEqualTo(204);
		assertThat(simulators.meta().readReceipts()).isEmpty();
	}

	static String readBody(String wamid) {
		return Json.object()
			.put("messaging_product", "whatsapp")
			.put("status", "read")
			.put("message_id", wamid)
			.toString();
	}

	static String textBody(String to, String text) {
		return Json.object()
			.put("messaging_product", "whatsapp")
			.put("recipient_type", "individual")
			.put("to", to)
			.put("type", "text")
			.set("text", Json.object().put("body", text))
			.toString();
	}

	static String wamidOf(TestHttp.Response response) {
		assertThat(response.status()).isEqualTo(200);
		return response.json().path("messages").path(0).path("id").asString();
	}

	private static TestHttp.Response send(String phoneNumberId, String to, String body) {
		return http.post("/v23.0/" + phoneNumberId + "/messages", JSON_WITH_TOKEN, body);
	}

	private static List<WebhookReceiver.Received> statusesOf(String wamid) {
		return receiver.received()
			.stream()
			.filter((received) -> wamid.equals(received.status().path("id").asString()))
			.toList();
	}

	private static List<WebhookReceiver.Received> awaitStatuses(String wamid, int count) {
		await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(wamid).size() >= count);
		return statusesOf(wamid);
	}

}
