package dev.switchboard.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.switchboard.http.security.TestTokens;
import dev.switchboard.simulators.SentMessage;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A request the API cannot use as given is refused with a code naming the field, never
 * widened silently: unknown enum values list the allowed ones, unreadable filters, page
 * sizes and cursors are 400s, malformed bodies name the field and the reason; the text of
 * a message may come in the Graph API's shape; a body cannot choose the tenant or the
 * status.
 */
class RequestValidationIT extends IntegrationSetup {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@Test
	void unknownEnumValuesListTheAllowedOnes() {
		problem("/api/v1/messages?status=bogus", "INVALID_STATUS").jsonPath("$.field")
			.isEqualTo("status")
			.jsonPath("$.allowed")
			.isEqualTo(List.of("accepted", "delivered", "failed", "played", "read", "sent"));
		problem("/api/v1/messages/stats?interval=fortnight", "INVALID_INTERVAL").jsonPath("$.allowed")
			.isEqualTo(List.of("day", "hour", "minute"));
		this.api.authorized("/api/v1/messages?status=DELIVERED&limit=1");
	}

	@Test
	void filtersPageSizesAndCursorsThatCannotBeReadAreProblemsWithCodes() {
		problem("/api/v1/messages?recipient=abc", "INVALID_PHONE").jsonPath("$.field").isEqualTo("recipient");
		for (String limit : List.of("201", "0", "-1", "abc")) {
			problem("/api/v1/messages?limit=" + limit, "INVALID_LIMIT").jsonPath("$.max").isEqualTo(200);
		}
		for (String cursor : List.of("garbage", "AAAA", "fHw")) {
			problem("/api/v1/messages?cursor=" + cursor, "INVALID_CURSOR");
		}
		problem("/api/v1/messages?since=yesterday", "INVALID_SINCE");
		problem("/api/v1/messages?until=2026-13-01T00:00:00Z", "INVALID_UNTIL");
		problem("/api/v1/messages/stats?from=last-week", "INVALID_FROM");
		problem("/api/v1/messages/stats?to=1", "INVALID_TO");
		problem("/api/v1/messages?stauts=read", "UNKNOWN_PARAMETER").jsonPath("$.field").isEqualTo("stauts");
		// With its country code, a recipient may come without the + (or with it
		// unencoded).
		this.api.authorized("/api/v1/messages?recipient=972500000001");
		this.api.authorized("/api/v1/messages?recipient=+972500000001");
	}

	@Test
	void malformedBodiesNameTheFieldAndTheReason() {
		malformed("/api/v1/messages", "{\"to\":[\"+972500000001\"],\"text\":\"hi\"}").jsonPath("$.field")
			.isEqualTo("to")
			.jsonPath("$.detail")
			.isEqualTo("Field 'to' must be a string");
		malformed("/api/v1/messages", "{\"to\":\"+972500000001\",\"template\":\"hello\"}").jsonPath("$.detail")
			.isEqualTo("Field 'template' must be an object");
		malformed("/api/v1/messages", "{\"to\":\"+972500000001\",\"text\":\"hi\"").jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).startsWith("The JSON body ends too early"));
		malformed("/api/v1/messages", "{\"to\":\"+972500000001\" \"text\":\"hi\"}").jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail)
				.startsWith("The request body is not valid JSON at line 1, column"));
		malformed("/api/v1/messages", "[{\"to\":\"+972500000001\"}]").jsonPath("$.detail")
			.isEqualTo("The request body must be an object");
		malformed("/api/v1/messages", "").jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).startsWith("The request body is"));
		byte[] invalidUtf8 = "{\"to\":\"+972500000001\",\"text\":\"h?\"}".getBytes(StandardCharsets.UTF_8);
		invalidUtf8[31] = (byte) 0xFF;
		malformed("/api/v1/messages", invalidUtf8).jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).startsWith("The request body is not valid UTF-8"));
		malformed("/api/v1/messages/batch", "{\"messages\":[{\"to\":\"+972500000001\",\"text\":\"hi\"},{\"to\":{}}]}")
			.jsonPath("$.field")
			.isEqualTo("messages[1].to");
		malformed("/api/v1/messages/batch", "{\"messages\":\"all\"}").jsonPath("$.detail")
			.isEqualTo("Field 'messages' must be an array");
	}

	@Test
	void theGraphShapeOfTextIsAcceptedAndItsPreviewSettingReachesTheGraphApi() {
		String to = "+972500001201";
		openWindow(DEMO_NUMBER, to);
		String single = this.api.sendJson(Map.of("to", to, "channelId", "demo-live", "text",
				Map.of("body", "See https://example.com/visa", "preview_url", true)), null);
		Map<?, ?> batch = this.api.client()
			.post()
			.uri("/api/v1/messages/batch")
			.header("Authorization", TestTokens.bearer("messaging-service", "demo", MessagingApi.ALL_SCOPES))
			.bodyValue(Map.of("messages",
					List.of(Map.of("to", to, "channelId", "demo-live", "type", "text", "text",
							Map.of("body", "Graph shape in a batch", "preview_url", false)),
							Map.of("to", to, "channelId", "demo-live", "text", "Plain string in a batch"))))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(batch.get("accepted")).isEqualTo(2);
		List<String> ids = ((List<?>) batch.get("results")).stream()
			.map((item) -> (String) ((Map<?, ?>) item).get("id"))
			.toList();
		await().atMost(PATIENCE).untilAsserted(() -> {
			assertThat(sentFor(single)).singleElement()
				.satisfies((sent) -> assertThat(sent.body()).contains("\"preview_url\":true",
						"\"body\":\"See https://example.com/visa\""));
			assertThat(sentFor(ids.get(0))).singleElement()
				.satisfies((sent) -> assertThat(sent.body()).contains("\"preview_url\":false",
						"\"body\":\"Graph shape in a batch\""));
			assertThat(sentFor(ids.get(1))).singleElement()
				.satisfies((sent) -> assertThat(sent.body()).contains("\"body\":\"Plain string in a batch\""));
		});
		assertThat(this.api.message(single)).containsEntry("text", "See https://example.com/visa");
	}

	@Test
	void aTextOfAnyOtherShapeIsRefusedNamingText() {
		for (Object text : List.of(42, List.of("hi"), Map.of("preview_url", true), Map.of("body", 5),
				Map.of("body", "hi", "preview_url", "yes"), Map.of("body", "hi", "colour", "red"), Map.of("body", " "),
				true)) {
			this.api.post("demo", Map.of("to", "+972500000001", "text", text), null)
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("VALIDATION_FAILED")
				.jsonPath("$.errors[0].field")
				.value((field) -> assertThat((String) field).startsWith("text"));
		}
	}

	@Test
	void aBodyCannotChooseTheTenantOrTheStatus() {
		String to = "+972500001202";
		openWindow(DEMO_NUMBER, to);
		Map<String, Object> body = new HashMap<>(Map.of("to", to, "text", "Whose is this?"));
		body.putAll(Map.of("tenantId", "acme", "tenant_id", "acme", "status", "read"));
		String id = (String) this.api.post("demo", body, null)
			.expectStatus()
			.isAccepted()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("id");
		this.api.get("acme", id).expectStatus().isNotFound();
		assertThat(this.api.message(id).get("status")).isIn("accepted", "sent");
		Map<?, ?> batch = this.api.client()
			.post()
			.uri("/api/v1/messages/batch")
			.header("Authorization", TestTokens.bearer("messaging-service", "demo", MessagingApi.ALL_SCOPES))
			.bodyValue(Map.of("tenantId", "acme", "messages", List.of(body)))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		String batchId = (String) ((Map<?, ?>) ((List<?>) batch.get("results")).get(0)).get("id");
		this.api.get("acme", batchId).expectStatus().isNotFound();
		assertThat(this.api.message(batchId).get("status")).isIn("accepted", "sent");
	}

	private WebTestClient.BodyContentSpec problem(String path, String code) {
		return this.api.client()
			.get()
			.uri(path)
			.header("Authorization", TestTokens.bearer("messaging-service", "demo", MessagingApi.ALL_SCOPES))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo(code);
	}

	private WebTestClient.BodyContentSpec malformed(String path, Object body) {
		return this.api.client()
			.post()
			.uri(path)
			.header("Authorization", TestTokens.bearer("messaging-service", "demo", MessagingApi.ALL_SCOPES))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue((body instanceof String text) ? text.getBytes(StandardCharsets.UTF_8) : body)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("MALFORMED_REQUEST")
			.jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).doesNotContain("BAD_REQUEST")
				.doesNotContain("Exception")
				.doesNotContain("dev.switchboard"));
	}

	private static List<SentMessage> sentFor(String id) {
		return live.meta().sentMessages().stream().filter((sent) -> sent.body().contains("sb:" + id)).toList();
	}

}
