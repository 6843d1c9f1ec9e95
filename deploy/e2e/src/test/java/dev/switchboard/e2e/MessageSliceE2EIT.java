package dev.switchboard.e2e;

import java.time.Duration;
import java.util.Map;

import dev.switchboard.local.LocalStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The first vertical slice against the real processes of the local stack: a message sent
 * through the gateway, its signed status webhooks back through webhook-ingest, its status
 * visible through the gateway, and tenant isolation on the way.
 */
@ExtendWith(E2EStack.class)
class MessageSliceE2EIT {

	private static final String ACME_KEY = "Bearer sb_acmekey1.localacmesecret";

	private static final String CUSTOMER = "972500000001";

	private static LocalStack stack;

	private static E2EClients clients;

	@BeforeAll
	static void clients() {
		stack = E2EStack.stack();
		clients = E2EClients.demo(stack);
	}

	@Test
	void messageSentThroughTheGatewayEndsReadWithEveryStatusTime() {
		String id = sendTemplate("e2e-read-1");

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> clients.get("/api/v1/messages/{id}", id)
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo("read")
				.jsonPath("$.wamid")
				.value((wamid) -> assertThat((String) wamid).startsWith("wamid."))
				.jsonPath("$.statusTimes.sent")
				.exists()
				.jsonPath("$.statusTimes.delivered")
				.exists()
				.jsonPath("$.statusTimes.read")
				.exists());
		assertThat(stack.simulators().meta().sentMessages())
			.anySatisfy((sent) -> assertThat(sent.to()).contains("972500000001"));
	}

	@Test
	void aRepeatedIdempotencyKeyReturnsTheFirstMessage() {
		assertThat(sendTemplate("e2e-idem-1")).isEqualTo(sendTemplate("e2e-idem-1"));
	}

	@Test
	void anotherTenantsKeyNeverSeesTheMessage() {
		String id = sendTemplate("e2e-isolation-1");
		clients.api()
			.get()
			.uri("/api/v1/messages/{id}", id)
			.header("Authorization", ACME_KEY)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void missingOrInvalidKeyIsUnauthorizedProblem() {
		clients.api()
			.post()
			.uri("/api/v1/messages")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("to", "+" + CUSTOMER, "channelId", "demo-meta", "type", "template", "template",
					E2EClients.CONFIRMATION))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.exists();
		clients.api()
			.get()
			.uri("/api/v1/messages/anything")
			.header("Authorization", "Bearer sb_demokey1.wrongsecret")
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void metaHandshakeEchoesTheChallengeOnlyForTheVerifyToken() {
		clients.ingest()
			.get()
			.uri("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=demo-verify-token&hub.challenge=1158201444")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("1158201444");
		clients.ingest()
			.get()
			.uri("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1158201444")
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	private static String sendTemplate(String idempotencyKey) {
		Map<String, Object> accepted = E2EClients.accepted(clients.post("/api/v1/messages")
			.header("Idempotency-Key", idempotencyKey)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("to", "+" + CUSTOMER, "channelId", "demo-meta", "type", "template", "template",
					E2EClients.CONFIRMATION))
			.exchange());
		assertThat(accepted).containsEntry("status", "accepted").containsKey("id");
		return (String) accepted.get("id");
	}

}
