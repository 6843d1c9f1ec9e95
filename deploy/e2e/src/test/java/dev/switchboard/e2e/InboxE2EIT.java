package dev.switchboard.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.switchboard.local.LocalStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The inbox walk of the README against the real processes: the Meta simulator posts a
 * signed customer message to webhook-ingest, the conversation opens in messaging-service
 * and is read, answered, assigned and resolved through the gateway, by the demo inbox's
 * agents with their own keys: an agent cannot resolve a supervisor's conversation; the
 * supervisor moves it into a queue, the agent comes online, auto-assignment gives it to
 * her and she resolves it.
 */
@ExtendWith(E2EStack.class)
class InboxE2EIT {

	private static final String CUSTOMER = "972500000077";

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	/** Demo agents seeded on the local stack, with the gateway's keys bound to them. */
	private static final String SAM = "00000000-0000-4000-8000-0000000a6e02";

	private static final String SAM_KEY = "Bearer sb_demosuper.localsupersecret";

	private static final String ANA = "00000000-0000-4000-8000-0000000a6e03";

	private static final String VISAS = "00000000-0000-4000-8000-00000000a0e1";

	private static final String ANA_KEY = "Bearer sb_demoagent.localagentsecret";

	private static LocalStack stack;

	private static E2EClients clients;

	@BeforeAll
	static void clients() {
		stack = E2EStack.stack();
		clients = E2EClients.demo(stack);
	}

	@Test
	@SuppressWarnings("unchecked")
	void aCustomerMessageOpensAConversationThatIsAnsweredAndResolvedThroughTheGateway() {
		WebTestClient simulator = WebTestClient.bindToServer().baseUrl(stack.simulators().baseUrl()).build();
		Map<String, Object> posted = simulator.post()
			.uri("/_sim/meta/inbound")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("from", "+" + CUSTOMER, "profileName", "Dana", "text", "Hi, where is my visa?"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(posted).containsEntry("webhookStatus", 200);

		Map<String, Object> conversation = await().atMost(Duration.ofSeconds(30))
			.until(() -> (List<Map<String, Object>>) clients.read("/api/v1/conversations?q={q}", CUSTOMER).get("items"),
					(items) -> !items.isEmpty())
			.get(0);
		String id = (String) conversation.get("id");
		assertThat(conversation.get("status")).isEqualTo("OPEN");
		assertThat(((Map<String, Object>) conversation.get("contact")).get("name")).isEqualTo("Dana");
		List<Map<String, Object>> timeline = (List<Map<String, Object>>) clients
			.read("/api/v1/conversations/{id}/messages", id)
			.get("items");
		assertThat(timeline).singleElement().satisfies((entry) -> {
			assertThat(entry.get("wamid")).isEqualTo(posted.get("wamid"));
			assertThat(entry.get("text")).isEqualTo("Hi, where is my visa?");
		});

		Map<String, Object> reply = E2EClients.accepted(clients.post("/api/v1/conversations/{id}/messages", id)
			.header("Idempotency-Key", "e2e-inbox-reply-1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("text", "It ships today"))
			.exchange());
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(clients.read("/api/v1/messages/{id}", reply.get("messageId")).get("status"))
				.isEqualTo("read"));
		// The demo inbox's agents, each acting with its own key (a key bound to the
		// agent).
		E2EClients.ok(clients.post("/api/v1/conversations/{id}/assign", id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("agentId", SAM))
			.exchange());
		assertThat(as(ANA_KEY, id, "resolve").expectStatus()
			.isForbidden()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()).containsEntry("code", "INSUFFICIENT_ROLE");
		// The supervisor moves it into the Visas queue; Ana comes online and
		// auto-assignment
		// gives it to her; she resolves it.
		E2EClients.ok(clients.api()
			.post()
			.uri("/api/v1/conversations/{id}/assign", id)
			.header("Authorization", SAM_KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("queueId", VISAS))
			.exchange());
		E2EClients.ok(clients.api()
			.patch()
			.uri("/api/v1/agents/{id}", ANA)
			.header("Authorization", ANA_KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("availability", "ONLINE"))
			.exchange());
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(clients.read("/api/v1/conversations/{id}", id).get("assigneeId")).isEqualTo(ANA));
		Map<String, Object> resolved = E2EClients.ok(as(ANA_KEY, id, "resolve"));
		assertThat(resolved.get("status")).isEqualTo("RESOLVED");
		assertThat(stack.simulators().meta().sentMessages())
			.filteredOn((sent) -> sent.to().contains(CUSTOMER) && sent.body().contains("It ships today"))
			.hasSize(1);
		clients.api()
			.get()
			.uri("/api/v1/conversations/{id}", id)
			.header("Authorization", "Bearer sb_acmekey1.localacmesecret")
			.exchange()
			.expectStatus()
			// The local acme key lacks the inbox scopes; with them it is 404 (InboxIT).
			.value((status) -> assertThat(status).isIn(403, 404));
	}

	/** A conversation action (resolve, reopen…) with another key. */
	private static WebTestClient.ResponseSpec as(String key, String id, String action) {
		return clients.api()
			.post()
			.uri("/api/v1/conversations/{id}/{action}", id, action)
			.header("Authorization", key)
			.exchange();
	}

}
