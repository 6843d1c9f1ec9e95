package dev.switchboard.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

import dev.switchboard.http.security.TestTokens;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The messaging API as a test calls it, with a fresh internal token per request (they
 * live 60 s).
 */
final class MessagingApi {

	static final String ALL_SCOPES = "messages:send messages:read";

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private final WebTestClient client;

	private final Consumer<String> beforeSend;

	MessagingApi(int port, Consumer<String> beforeSend) {
		this.beforeSend = beforeSend;
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(10))
			.build();
	}

	WebTestClient client() {
		return this.client;
	}

	/**
	 * A POST of the body as the tenant's key (all scopes), with an optional
	 * Idempotency-Key.
	 */
	WebTestClient.ResponseSpec post(String tenantId, Object body, String idempotencyKey) {
		WebTestClient.RequestBodySpec request = this.client.post()
			.uri("/api/v1/messages")
			.header("Authorization", TestTokens.bearer("messaging-service", tenantId, ALL_SCOPES));
		if (idempotencyKey != null) {
			request = request.header("Idempotency-Key", idempotencyKey);
		}
		return request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	/** Sends a text and returns the accepted message's id. */
	String send(String tenantId, String to, String text, String idempotencyKey) {
		this.beforeSend.accept(to);
		Map<?, ?> accepted = post(tenantId, Map.of("to", to, "text", text), idempotencyKey).expectStatus()
			.isAccepted()
			.expectHeader()
			.valueMatches("Location", "/api/v1/messages/[0-9a-f-]{36}")
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(accepted.get("status")).isEqualTo("accepted");
		return (String) accepted.get("id");
	}

	/** Sends any message (JSON body) as the demo tenant and returns its id. */
	String sendJson(Object body, String idempotencyKey) {
		Map<?, ?> accepted = post("demo", body, idempotencyKey).expectStatus()
			.isAccepted()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return (String) accepted.get("id");
	}

	/** A GET of any API path as the demo tenant, expecting 200. */
	WebTestClient.ResponseSpec authorized(String path) {
		return this.client.get()
			.uri(path)
			.header("Authorization", TestTokens.bearer("messaging-service", "demo", ALL_SCOPES))
			.exchange()
			.expectStatus()
			.isOk();
	}

	/** A demo tenant's message by wamid (encoded: base64 wamids may hold {@code /}). */
	WebTestClient.ResponseSpec byWamid(String wamid) {
		return this.client.get()
			.uri((uri) -> uri.path("/api/v1/messages/by-wamid").queryParam("wamid", "{wamid}").build(wamid))
			.header("Authorization", TestTokens.bearer("messaging-service", "demo", ALL_SCOPES))
			.exchange();
	}

	WebTestClient.ResponseSpec get(String tenantId, String id) {
		return this.client.get()
			.uri("/api/v1/messages/{id}", id)
			.header("Authorization", TestTokens.bearer("messaging-service", tenantId, ALL_SCOPES))
			.exchange();
	}

	/** A demo tenant's message as JSON. */
	@SuppressWarnings("unchecked")
	Map<String, Object> message(String id) {
		return get("demo", id).expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
	}

	/** Waits until the demo tenant's message meets the condition. */
	Map<String, Object> awaitMessage(String id, Predicate<Map<String, Object>> condition) {
		return awaitMessage(id, condition, PATIENCE);
	}

	/**
	 * Waits until the demo tenant's message exists and meets the condition; a message
	 * requested through Kafka may not be stored yet (404) when the wait begins.
	 */
	Map<String, Object> awaitMessage(String id, Predicate<Map<String, Object>> condition, Duration patience) {
		return await().atMost(patience)
			.until(() -> storedMessage(id), (message) -> message != null && condition.test(message));
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> storedMessage(String id) {
		EntityExchangeResult<Map> result = get("demo", id).expectBody(Map.class).returnResult();
		if (result.getStatus().value() == 404) {
			return null;
		}
		if (!result.getStatus().is2xxSuccessful()) {
			throw new AssertionError("GET of message " + id + " answered " + result.getStatus());
		}
		return result.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> statusTimes(Map<String, Object> message) {
		return (Map<String, Object>) message.get("statusTimes");
	}

}
