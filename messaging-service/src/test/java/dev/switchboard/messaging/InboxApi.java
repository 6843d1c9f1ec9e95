package dev.switchboard.messaging;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.Uuids;
import dev.switchboard.events.wa.WaInboundMessage;
import dev.switchboard.events.wa.WaMessageContext;
import dev.switchboard.http.security.TestTokens;
import dev.switchboard.simulators.SimulatorOptions;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The inbox API and inbound messages as a test uses them: customer messages published to
 * {@code wa.inbound.v1} as webhook-ingest publishes them, API calls with a fresh internal
 * token per request.
 */
final class InboxApi {

	static final String SCOPES = "conversations:read conversations:write messages:read";

	private final WebTestClient client;

	private final KafkaEvents events;

	InboxApi(int port, KafkaEvents events) {
		this.events = events;
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(10))
			.build();
	}

	/** A customer message of the demo number as webhook-ingest maps it. */
	static WaInboundMessage inbound(String from, String userId, String wamid, String type, Map<String, Object> content,
			String text, Instant at) {
		return new WaInboundMessage(SimulatorOptions.DEMO_PHONE_NUMBER_ID, SimulatorOptions.DEFAULT_WABA_ID,
				SimulatorOptions.DEMO_DISPLAY_PHONE_NUMBER, wamid, from, userId, "Ana", at, type, null, null, content,
				text, null, null);
	}

	static WaInboundMessage text(String from, String wamid, String body) {
		return inbound(from, null, wamid, "text", Map.of("body", body), body, Instant.now());
	}

	static WaInboundMessage withContext(WaInboundMessage m, String contextId, Map<String, Object> referral) {
		return new WaInboundMessage(m.phoneNumberId(), m.wabaId(), m.displayPhoneNumber(), m.messageId(), m.from(),
				m.fromUserId(), m.profileName(), m.timestamp(), m.type(),
				(contextId != null) ? new WaMessageContext(m.displayPhoneNumber(), contextId, null, null, null) : null,
				referral, m.content(), m.text(), m.errors(), m.otherFields());
	}

	/** The event webhook-ingest would publish, with a fresh event id. */
	static EventEnvelope<WaInboundMessage> event(String tenantId, WaInboundMessage message) {
		return new EventEnvelope<>(Uuids.random().toString(), EventType.WA_INBOUND_MESSAGE_V1,
				URI.create("urn:switchboard:webhook-ingest"), Instant.now(), message.messageId(), tenantId, null, null,
				message);
	}

	/** Publishes the customer message for the demo tenant, keyed by sender. */
	void publish(WaInboundMessage message) {
		publish(event("demo", message));
	}

	void publish(EventEnvelope<WaInboundMessage> event) {
		WaInboundMessage message = event.data();
		String sender = (message.from() != null) ? message.from() : message.fromUserId();
		this.events.publishAny(event, event.tenantId() + ":" + sender);
	}

	WebTestClient.ResponseSpec get(String tenantId, String path, Object... variables) {
		return this.client.get()
			.uri(path, variables)
			.header("Authorization", TestTokens.bearer("messaging-service", tenantId, SCOPES))
			.exchange();
	}

	WebTestClient.ResponseSpec post(String tenantId, String path, Object body, String idempotencyKey,
			Object... variables) {
		WebTestClient.RequestBodySpec request = this.client.post()
			.uri(path, variables)
			.header("Authorization", TestTokens.bearer("messaging-service", tenantId, SCOPES));
		if (idempotencyKey != null) {
			request = request.header("Idempotency-Key", idempotencyKey);
		}
		return (body != null) ? request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
				: request.exchange();
	}

	WebTestClient.ResponseSpec patch(String tenantId, String path, Object body, Object... variables) {
		return this.client.patch()
			.uri(path, variables)
			.header("Authorization", TestTokens.bearer("messaging-service", tenantId, SCOPES))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	/**
	 * The token of a key bound to an agent with the role it was bound with, as the
	 * gateway issues it.
	 */
	static String agentToken(String tenantId, String agentId, String role) {
		return TestTokens.jws(TestTokens.localKey(), "messaging-service",
				(claims) -> claims.subject(tenantId + "-agent-key")
					.claim("tenant_id", tenantId)
					.claim("key_id", tenantId + "-agent-key")
					.claim("scope", SCOPES)
					.claim("agent_id", agentId)
					.claim("role", role));
	}

	/**
	 * A call with the given token ({@code Authorization: Bearer}); a body for POST and
	 * PATCH.
	 */
	WebTestClient.ResponseSpec call(String token, HttpMethod method, String path, Object body, Object... variables) {
		WebTestClient.RequestBodySpec request = this.client.method(method)
			.uri(path, variables)
			.header("Authorization", "Bearer " + token);
		return (body != null) ? request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
				: request.exchange();
	}

	/** The integration token of the tenant (a key without an agent binding). */
	static String integration(String tenantId) {
		return TestTokens.bearer("messaging-service", tenantId, SCOPES).substring("Bearer ".length());
	}

	@SuppressWarnings("unchecked")
	Map<String, Object> json(WebTestClient.ResponseSpec response) {
		return response.expectStatus().is2xxSuccessful().expectBody(Map.class).returnResult().getResponseBody();
	}

	/** The demo tenant's conversations whose contact has the number. */
	@SuppressWarnings("unchecked")
	List<Map<String, Object>> conversationsOf(String phone) {
		Map<String, Object> page = json(get("demo", "/api/v1/conversations?q={q}&limit=100", phone));
		return (List<Map<String, Object>>) page.get("items");
	}

	@SuppressWarnings("unchecked")
	List<Map<String, Object>> timeline(String conversationId) {
		Map<String, Object> page = json(get("demo", "/api/v1/conversations/{id}/messages?limit=200", conversationId));
		return (List<Map<String, Object>>) page.get("items");
	}

	Map<String, Object> conversation(String id) {
		return json(get("demo", "/api/v1/conversations/{id}", id));
	}

}
