package dev.switchboard.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.switchboard.local.LocalStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.core.ParameterizedTypeReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Templates against the real processes of the local stack: the demo templates synced from
 * the simulators at start-up, and a template created through the gateway approved by the
 * simulators' signed review webhook through webhook-ingest.
 */
@ExtendWith(E2EStack.class)
class TemplatesE2EIT {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final String DEMO_KEY = "Bearer sb_demokey1.localdemosecret";

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	private static E2EClients clients;

	@BeforeAll
	static void clients() {
		LocalStack stack = E2EStack.stack();
		clients = E2EClients.demo(stack);
	}

	@Test
	void theOrderConfirmationsAreApprovedInEveryLanguageRightAfterStart() {
		List<Map<String, Object>> confirmations = await().atMost(PATIENCE)
			.until(() -> clients.api()
				.get()
				.uri("/api/v1/templates/order_confirmation_global")
				.header("Authorization", DEMO_KEY)
				.exchange()
				.returnResult(LIST)
				.getResponseBody()
				.blockFirst(), (list) -> list != null && list.size() == 3);
		assertThat(confirmations).extracting((template) -> template.get("language") + ":" + template.get("status"))
			.containsExactly("en:APPROVED", "he:APPROVED", "ro:APPROVED");
	}

	@Test
	void aTemplateCreatedThroughTheGatewayIsApprovedByMetasSignedStatusWebhook() {
		Map<String, Object> template = Map.of("name", "e2e_pickup_ready", "language", "en", "category", "UTILITY",
				"components",
				List.of(Map.of("type", "BODY", "text", "Hello {{1}}, your documents are ready for pick-up.", "example",
						Map.of("body_text", List.of(List.of("Dana"))))));
		clients.api()
			.post()
			.uri("/api/v1/templates")
			.header("Authorization", DEMO_KEY)
			.bodyValue(template)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("PENDING");
		await().atMost(PATIENCE)
			.until(() -> clients.read("/api/v1/templates/e2e_pickup_ready/en").get("status"), "APPROVED"::equals);
	}

}
