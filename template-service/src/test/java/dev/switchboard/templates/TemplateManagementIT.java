package dev.switchboard.templates;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rendering with a send's parameters, submitting after the local compliance checks, and
 * deleting, against the Meta simulator over HTTP.
 */
class TemplateManagementIT extends TemplatesIntegration {

	@BeforeEach
	void startUpSyncDone() {
		simulators.templates().faults().clear();
		await().atMost(PATIENCE)
			.untilAsserted(() -> get("demo", "/api/v1/templates/appointment_reminder/en").expectStatus().isOk());
	}

	@Test
	void aNamedParameterTemplateRendersEveryPart() {
		Map<String, Object> body = Map.of("components", List.of(Map.of("type", "body", "parameters",
				List.of(text("customer_name", "Dana"), text("branch", "Haifa"), text("day", "Tuesday")))));
		write(HttpMethod.POST, "demo", "/api/v1/templates/appointment_reminder/en/render", body).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.rendered.body")
			.isEqualTo("Hello Dana, your appointment at the Haifa office is confirmed for Tuesday.")
			.jsonPath("$.rendered.header.text")
			.isEqualTo("Your appointment")
			.jsonPath("$.rendered.footer")
			.isEqualTo("Reply STOP to opt out")
			.jsonPath("$.status")
			.isEqualTo("APPROVED");
	}

	@Test
	void renderPicksTheLanguageAskedForAndNamesAMissingTranslationOrWrongParameters() {
		List<Map<String, Object>> eight = List
			.of(Map.of("type", "body", "parameters", List.of(plain("Ana"), plain("India"), plain("🇮🇳"), plain("RO1"),
					plain("viză turistică"), plain("2"), plain("249 RON"), plain("3"))));
		write(HttpMethod.POST, "demo", "/api/v1/templates/order_confirmation_global/ro/render",
				Map.of("components", eight))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.rendered.body")
			.value((String text) -> assertThat(text).startsWith("Bună ziua Ana,").contains("comanda RO1"));
		write(HttpMethod.POST, "demo", "/api/v1/templates/order_confirmation_global/de/render",
				Map.of("components", eight))
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("TEMPLATE_LANGUAGE_NOT_FOUND")
			.jsonPath("$.languages")
			.isEqualTo(List.of("en", "he", "ro"));
		write(HttpMethod.POST, "demo", "/api/v1/templates/order_confirmation_global/he/render",
				Map.of("components", List.of(Map.of("type", "body", "parameters", List.of(plain("Dana"))))))
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("TEMPLATE_PARAMETERS_INVALID")
			.jsonPath("$.problems[0].code")
			.isEqualTo("PARAMETER_COUNT")
			.jsonPath("$.problems[0].component")
			.isEqualTo("BODY");
		write(HttpMethod.POST, "acme", "/api/v1/templates/order_confirmation_global/he/render",
				Map.of("components", eight))
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("TEMPLATE_NOT_FOUND");
	}

	@Test
	void aSubmissionBreakingLocalRulesListsEveryRuleAndNeverReachesMeta() {
		Map<String, Object> bad = Map.of("name", "Pickup-Ready", "language", "en", "category", "UTILITY", "components",
				List.of(Map.of("type", "BODY", "text", "{{1}} your documents are ready", "example",
						Map.of("body_text", List.of(List.of("Dana"))))));
		write(HttpMethod.POST, "demo", "/api/v1/templates", bad).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("TEMPLATE_NONCOMPLIANT")
			.jsonPath("$.problems[*].code")
			.value((List<String> codes) -> assertThat(codes).contains("NAME_INVALID", "VARIABLE_AT_EDGE"));
		assertThat(simulators.templates().list(DEMO_WABA))
			.noneMatch((t) -> t.path("name").asString().equals("Pickup-Ready"));
	}

	@Test
	void aSubmittedTemplateIsPendingUntilMetaApprovesItAndADeleteRemovesEveryLanguage() {
		Map<String, Object> good = Map.of("name", "pickup_notice", "language", "en", "category", "UTILITY",
				"components",
				List.of(Map.of("type", "BODY", "text", "Hello {{1}}, your documents are ready for pick-up.", "example",
						Map.of("body_text", List.of(List.of("Dana"))))));
		write(HttpMethod.POST, "demo", "/api/v1/templates", good).expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("PENDING");
		assertThat(json("demo", "/api/v1/templates/pickup_notice/en")).containsEntry("status", "PENDING");
		assertThat(eventsOfAwaited("pickup_notice")).contains("CREATED");
		await().atMost(PATIENCE)
			.until(() -> simulators.templates()
				.template(DEMO_WABA, "pickup_notice", "en")
				.map((t) -> t.path("status").asString())
				.orElse(""), "APPROVED"::equals);
		write(HttpMethod.POST, "demo", "/api/v1/templates", good).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("META_REJECTED");

		write(HttpMethod.DELETE, "demo", "/api/v1/templates/pickup_notice", null).expectStatus().isAccepted();
		assertThat(simulators.templates().template(DEMO_WABA, "pickup_notice", "en")).isEmpty();
		write(HttpMethod.DELETE, "acme", "/api/v1/templates/order_confirmation_global", null).expectStatus()
			.isNotFound();
		assertThat(simulators.templates().template(DEMO_WABA, "order_confirmation_global", "he")).isPresent();
	}

	private Set<String> eventsOfAwaited(String name) {
		return await().atMost(PATIENCE)
			.until(() -> Set.copyOf(eventsOf("demo", name, "en").stream().map((e) -> e.change()).toList()),
					(changes) -> !changes.isEmpty());
	}

	private static Map<String, Object> text(String name, String value) {
		return Map.of("type", "text", "parameter_name", name, "text", value);
	}

	private static Map<String, Object> plain(String value) {
		return Map.of("type", "text", "text", value);
	}

}
