package dev.switchboard.messaging;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.Uuids;
import dev.switchboard.http.security.TestTokens;
import dev.switchboard.events.wa.WaInboundMessage;
import dev.switchboard.simulators.SentMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every message type reaches the Graph API in Meta's shape; limits, the service window,
 * batches and repeats are enforced before anything is stored; messages are found by id,
 * wamid, correlation id and filters.
 */
class MessageTypesIT extends IntegrationSetup {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@Test
	void everyTypeIsSentInTheGraphApiShape() {
		String to = "+972500001101";
		openWindow(DEMO_NUMBER, to);
		Map<String, Object> template = Map.of("name", "order_update", "language", Map.of("code", "en_US"), "components",
				List.of(Map.of("type", "header", "parameters",
						List.of(Map.of("type", "image", "image", Map.of("link", "https://example.com/a.png")))),
						Map.of("type", "body", "parameters",
								List.of(Map.of("type", "text", "text", "Ana"),
										Map.of("type", "text", "parameter_name", "order_id", "text", "#4821"))),
						Map.of("type", "button", "sub_type", "quick_reply", "index", "0", "parameters",
								List.of(Map.of("type", "payload", "payload", "CONFIRM_4821")))));
		List<Map<String, Object>> bodies = List.of(
				Map.of("to", to, "channelId", "demo-live", "type", "template", "template", template),
				Map.of("to", to, "channelId", "demo-live", "type", "image", "image",
						Map.of("link", "https://example.com/visa.jpg", "caption", "Your visa")),
				Map.of("to", to, "channelId", "demo-live", "type", "document", "document",
						Map.of("id", "1234567890", "filename", "visa.pdf")),
				Map.of("to", to, "channelId", "demo-live", "type", "video", "video", Map.of("id", "998877")),
				Map.of("to", to, "channelId", "demo-live", "type", "audio", "audio",
						Map.of("link", "https://example.com/a.ogg")),
				Map.of("to", to, "channelId", "demo-live", "type", "interactive", "interactive", Map.of("type",
						"button", "body", Map.of("text", "Confirm your order?"), "action",
						Map.of("buttons",
								List.of(Map.of("type", "reply", "reply", Map.of("id", "yes", "title", "Yes")))))),
				Map.of("to", to, "channelId", "demo-live", "type", "interactive", "interactive",
						Map.of("type", "list", "body", Map.of("text", "Pick a slot"), "action",
								Map.of("button", "Slots", "sections",
										List.of(Map.of("title", "Today", "rows",
												List.of(Map.of("id", "s1", "title", "10:00"))))))),
				Map.of("to", to, "channelId", "demo-live", "type", "reaction", "reaction",
						Map.of("message_id", "wamid.QUOTED", "emoji", "\uD83D\uDC4D")),
				Map.of("to", to, "channelId", "demo-live", "text", "Replying", "replyTo", "wamid.QUOTED"));
		List<String> ids = new ArrayList<>();
		for (Map<String, Object> body : bodies) {
			ids.add(this.api.sendJson(body, null));
		}
		for (String id : ids) {
			Map<String, Object> message = this.api.awaitMessage(id, (m) -> "read".equals(m.get("status")), PATIENCE);
			assertThat(message.get("matchedBy")).isEqualTo("provider");
			assertThat(sentFor(id)).hasSize(1);
		}
		String templateBody = sentFor(ids.get(0)).get(0).body();
		assertThat(templateBody).contains("\"type\":\"template\"", "\"name\":\"order_update\"",
				"\"parameter_name\":\"order_id\"", "\"sub_type\":\"quick_reply\"", "https://example.com/a.png");
		assertThat(sentFor(ids.get(7)).get(0).type()).isEqualTo("reaction");
		assertThat(sentFor(ids.get(8)).get(0).body()).contains("\"context\":{\"message_id\":\"wamid.QUOTED\"}");
		assertThat(this.api.message(ids.get(0)).get("pricing")).isNotNull();
	}

	@Test
	void limitsPhonesAndChannelsAreProblemsWithCodes() {
		this.api
			.post("demo",
					Map.of("to", "+972500001102", "type", "interactive", "interactive",
							Map.of("type", "button", "body", Map.of("text", "Hi"), "action",
									Map.of("buttons",
											List.of(Map.of("type", "reply", "reply",
													Map.of("id", "a", "title", "A title longer than twenty")))))),
					null)
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo("interactive.action.buttons[0].reply.title");
		this.api.post("demo", Map.of("to", "+972500001102", "type", "image", "image", Map.of("caption", "x")), null)
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("image");
		this.api.post("demo", Map.of("to", "12", "text", "hi"), null)
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("INVALID_PHONE");
		this.api.post("demo", Map.of("to", "+972500001102", "text", "hi", "channelId", "nope"), null)
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UNKNOWN_CHANNEL");
	}

	@Test
	void freeFormOutsideTheWindowIsRefusedTemplatesPassAndAnInboundMessageOpensIt() {
		String to = "+972500001103";
		this.api.post("demo", Map.of("to", to, "text", "Hello?"), null)
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("OUTSIDE_SERVICE_WINDOW");
		String template = this.api.sendJson(Map.of("to", to, "type", "template", "template",
				Map.of("name", "hello_world", "language", Map.of("code", "en_US"))), null);
		assertThat(template).isNotNull();
		WaInboundMessage inbound = new WaInboundMessage(DEMO_NUMBER, "200000000000001", "15550000001", "wamid.IN1",
				"972500001103", null, "Ana", Instant.now(), "text", null, null, null, "hi", null, null);
		events.publishAny(EventEnvelope.of(EventType.WA_INBOUND_MESSAGE_V1,
				URI.create("urn:switchboard:webhook-ingest"), "demo", "wamid.IN1", inbound), "demo:972500001103");
		await().atMost(PATIENCE)
			.untilAsserted(() -> this.api.post("demo", Map.of("to", to, "text", "Now it works"), null)
				.expectStatus()
				.isAccepted());
	}

	@Test
	void aBatchAcceptsEachValidItemAndNamesTheRefusedOnes() {
		List<Map<String, Object>> items = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			items.add(Map.of("to", String.format("+97250002%04d", i), "type", "template", "template",
					Map.of("name", "hello_world", "language", Map.of("code", "en_US")), "idempotencyKey",
					"batch-" + i));
		}
		items.add(Map.of("to", "not a phone", "text", "x"));
		Map<?, ?> answer = postBatch(items);
		assertThat(answer.get("accepted")).isEqualTo(40);
		assertThat(answer.get("refused")).isEqualTo(1);
		List<?> results = (List<?>) answer.get("results");
		assertThat(((Map<?, ?>) results.get(40)).get("code")).isEqualTo("INVALID_PHONE");
		// The same item again with its key names the first message.
		String first = (String) ((Map<?, ?>) results.get(0)).get("id");
		assertThat(this.api.sendJson(items.get(0), null)).isEqualTo(first);
	}

	@Test
	void aBatchWithoutKeysIsStoredTogetherAndEachMessageIsSentOnce() {
		String open = "+972500001105";
		openWindow(DEMO_NUMBER, open);
		Map<String, Object> template = Map.of("name", "hello_world", "language", Map.of("code", "en_US"));
		List<Map<String, Object>> items = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			items.add(Map.of("to", String.format("+97250003%04d", i), "type", "template", "template", template,
					"channelId", "demo-live"));
		}
		items.add(Map.of("to", open, "text", "In the window", "channelId", "demo-live"));
		items.add(Map.of("to", "+972500009999", "text", "Nobody wrote", "channelId", "demo-live"));
		items.add(Map.of("to", open, "text", "Nowhere", "channelId", "no-such-channel"));
		Map<?, ?> answer = postBatch(items);
		assertThat(answer.get("accepted")).isEqualTo(301);
		List<?> results = (List<?>) answer.get("results");
		assertThat(((Map<?, ?>) results.get(301)).get("code")).isEqualTo("OUTSIDE_SERVICE_WINDOW");
		assertThat(((Map<?, ?>) results.get(302)).get("code")).isEqualTo("UNKNOWN_CHANNEL");
		List<String> ids = results.subList(0, 301)
			.stream()
			.map((item) -> (String) ((Map<?, ?>) item).get("id"))
			.toList();
		assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();
		for (String id : List.of(ids.get(0), ids.get(150), ids.get(299), ids.get(300))) {
			this.api.awaitMessage(id, (m) -> m.get("wamid") != null, PATIENCE);
		}
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(ids).allSatisfy((id) -> assertThat(sentFor(id)).hasSize(1)));
	}

	@Test
	void messagesAreFoundByWamidCorrelationIdAndFilters() {
		String to = "+972500001104";
		openWindow(DEMO_NUMBER, to);
		String correlationId = "corr-" + Uuids.random();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ids.add((String) this.api.client()
				.post()
				.uri("/api/v1/messages")
				.header("Authorization", TestTokens.bearer("messaging-service", "demo", MessagingApi.ALL_SCOPES))
				.header("X-Correlation-Id", correlationId)
				.bodyValue(Map.of("to", to, "text", "Find me " + i, "channelId", "demo-live"))
				.exchange()
				.expectStatus()
				.isAccepted()
				.expectBody(Map.class)
				.returnResult()
				.getResponseBody()
				.get("id"));
		}
		String wamid = (String) this.api.awaitMessage(ids.get(0), (m) -> m.get("wamid") != null, PATIENCE).get("wamid");
		this.api.byWamid(wamid).expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo(ids.get(0));
		// Wamids are base64: a '/' travels encoded in the path and still finds (or
		// misses) the message.
		this.api.byWamid("wamid.HBgL/No+such==")
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("No message with that wamid");
		this.api.authorized("/api/v1/messages?correlationId=" + correlationId + "&limit=2")
			.expectBody()
			.jsonPath("$.items.length()")
			.isEqualTo(2)
			.jsonPath("$.items[0].id")
			.isEqualTo(ids.get(2))
			.jsonPath("$.nextCursor")
			.isNotEmpty();
		Map<?, ?> page = this.api.authorized("/api/v1/messages?correlationId=" + correlationId + "&limit=2")
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		this.api
			.authorized("/api/v1/messages?correlationId=" + correlationId + "&limit=2&cursor=" + page.get("nextCursor"))
			.expectBody()
			.jsonPath("$.items.length()")
			.isEqualTo(1)
			.jsonPath("$.items[0].id")
			.isEqualTo(ids.get(0));
		this.api.awaitMessage(ids.get(2), (m) -> "read".equals(m.get("status")), PATIENCE);
		this.api
			.authorized("/api/v1/messages?recipient=" + to + "&status=read&channelId=demo-live&since="
					+ Instant.now().minusSeconds(600))
			.expectBody()
			.jsonPath("$.items[0].to")
			.isEqualTo(to);
		this.api.authorized("/api/v1/messages/stats?interval=hour")
			.expectBody()
			.jsonPath("$.totals.accepted")
			.isNumber()
			.jsonPath("$.rates.delivery")
			.isNumber()
			.jsonPath("$.costByCategory")
			.isArray();
	}

	@Test
	void cachedStatisticsMoveWithTheNextStatusChange() {
		String to = "+972500001106";
		openWindow(DEMO_NUMBER, to);
		long before = readTotal();
		String id = this.api.sendJson(Map.of("to", to, "text", "Count me", "channelId", "demo-live"), null);
		this.api.awaitMessage(id, (m) -> "read".equals(m.get("status")), PATIENCE);
		// Well inside the cache's 30 s: only the change moving the cache key shows it.
		await().atMost(Duration.ofSeconds(5)).until(() -> readTotal() > before);
	}

	private long readTotal() {
		Map<?, ?> stats = this.api.authorized("/api/v1/messages/stats?interval=hour")
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return ((Number) ((Map<?, ?>) stats.get("totals")).get("read")).longValue();
	}

	/** Posts the items as one batch; the answer must be 202. */
	private Map<?, ?> postBatch(List<Map<String, Object>> items) {
		return this.api.client()
			.post()
			.uri("/api/v1/messages/batch")
			.header("Authorization", TestTokens.bearer("messaging-service", "demo", MessagingApi.ALL_SCOPES))
			.bodyValue(Map.of("messages", items))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private static List<SentMessage> sentFor(String id) {
		return live.meta().sentMessages().stream().filter((sent) -> sent.body().contains("sb:" + id)).toList();
	}

}
