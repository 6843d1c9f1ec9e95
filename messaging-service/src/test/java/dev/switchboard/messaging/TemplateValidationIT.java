package dev.switchboard.messaging;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.Uuids;
import dev.switchboard.events.messaging.MessageStatusChanged;
import dev.switchboard.events.messaging.SendMessageCommand;
import dev.switchboard.events.templates.TemplateChanged;
import dev.switchboard.messaging.templates.TemplateValidationProperties;
import dev.switchboard.simulators.SentMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Template sends checked against the projection of templates.events.v1 (real Kafka and
 * PostgreSQL): refused with a stable code over the API and as failed messages on the
 * command path, a paused template's fallback sent in its place, named parameters,
 * out-of-order events. The tenant {@code tpl} has synced templates, so validation (local
 * profile: when-synced) is on for it alone.
 */
class TemplateValidationIT extends IntegrationSetup {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@Autowired
	private TemplateValidationProperties templateProperties;

	@Autowired
	private MeterRegistry meters;

	private static final String WABA = "102290129340398";

	private static final List<Map<String, Object>> ALERT = List
		.of(Map.of("type", "BODY", "text", "Hello {{1}}, your order {{2}} needs your attention.", "example",
				Map.of("body_text", List.of(List.of("Dana", "A-1")))));

	private static final List<Map<String, Object>> TWO_BODY_PARAMETERS = List
		.of(Map.of("type", "body", "parameters", List.of(text("Dana"), text("A-7"))));

	@Test
	void aPausedTemplateIsRefusedWithItsCodeOverTheApiAndOnTheCommandPath() {
		String name = "promo_" + suffix();
		publish(name, "en", "PAUSED", "POSITIONAL", ALERT, Instant.now());

		Map<?, ?> problem = awaitRefusal(template(name, "en", TWO_BODY_PARAMETERS), "TEMPLATE_PAUSED");
		assertThat(problem.get("detail"))
			.isEqualTo("Template '" + name + "' (en) is PAUSED: only APPROVED templates can be sent");
		assertThat(problem.get("status")).isEqualTo(422);
		assertThat(problem.get("templateStatus")).isEqualTo("PAUSED");

		String id = "order-" + Uuids.random();
		events.requestFromOtherService(TEMPLATES_TENANT, new SendMessageCommand(id, "tpl-meta", TEMPLATES_NUMBER,
				"+972500003101", "template", null, null, templateObject(name, "en", TWO_BODY_PARAMETERS), null), id);
		Map<String, Object> failed = awaitMessage(id, "failed");
		assertThat(failed.get("error")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("title", "TEMPLATE_PAUSED");
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(changes).filteredOn((change) -> change.messageId().equals(id))
				.extracting(MessageStatusChanged::status)
				.containsExactly("failed"));
		assertThat(sentTo("972500003101")).isEmpty();
	}

	@Test
	void aPausedTemplatesFallbackIsSentInItsPlace() {
		// The channel tpl-meta names order_alert_basic as the fallback of order_alert.
		publish("order_alert_basic", "en", "APPROVED", "POSITIONAL", ALERT, Instant.now());
		publish("order_alert", "en", "APPROVED", "POSITIONAL", ALERT, Instant.now());
		String paused = publish("order_alert", "en", "PAUSED", "POSITIONAL", ALERT, Instant.now().plusMillis(1));
		await().atMost(PATIENCE).until(() -> applied(paused));

		assertThat(send(template("order_alert", "en", TWO_BODY_PARAMETERS), "+972500003202")).isEqualTo(202);
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(sentTo("972500003202")).singleElement()
				.satisfies((sent) -> assertThat(sent.body()).contains("\"name\":\"order_alert_basic\"")));
	}

	@Test
	void aNamedParameterTemplateNeedsItsNames() {
		String name = "shipping_" + suffix();
		publish(name, "en", "APPROVED", "NAMED",
				List.of(Map.of("type", "BODY", "text", "Hi {{first_name}}, order {{order_ref}} ships today.")),
				Instant.now());
		List<Map<String, Object>> positional = List
			.of(Map.of("type", "body", "parameters", List.of(text("Dana"), text("A-7"))));

		Map<?, ?> problem = awaitRefusal(template(name, "en", positional), "TEMPLATE_PARAMETERS_INVALID");
		assertThat(problem.get("component")).isEqualTo("BODY");
		assertThat(codes(problem.get("errors"))).contains("PARAMETER_FORMAT", "PARAMETER_MISSING");

		List<Map<String, Object>> named = List
			.of(Map.of("type", "body", "parameters", List.of(named("order_ref", "A-7"), named("first_name", "Dana"))));
		awaitAccepted(template(name, "en", named), "+972500003301");
	}

	@Test
	void wrongParameterCountNamesTheComponentAndAMissingTranslationItsLanguages() {
		String name = "receipt_" + suffix();
		publish(name, "he", "APPROVED", "POSITIONAL", ALERT, Instant.now());
		publish(name, "ro", "APPROVED", "POSITIONAL", ALERT, Instant.now());

		Map<?, ?> problem = awaitRefusal(
				template(name, "he", List.of(Map.of("type", "body", "parameters", List.of(text("Dana"))))),
				"TEMPLATE_PARAMETERS_INVALID");
		assertThat(problem.get("component")).isEqualTo("BODY");
		assertThat(problem.get("detail")).isEqualTo("The parameters do not fit template '" + name
				+ "' (he): BODY: the template has 2 variable(s), the send gives 1");

		Map<?, ?> missing = refusal(template(name, "en", TWO_BODY_PARAMETERS));
		assertThat(missing.get("code")).isEqualTo("TEMPLATE_NOT_FOUND");
		assertThat(missing.get("detail"))
			.isEqualTo("Template '" + name + "' has no 'en' translation; it exists in he, ro");

		Map<?, ?> batch = this.api.client()
			.post()
			.uri("/api/v1/messages/batch")
			.header("Authorization",
					dev.switchboard.http.security.TestTokens.bearer("messaging-service", TEMPLATES_TENANT,
							MessagingApi.ALL_SCOPES))
			.bodyValue(Map.of("messages",
					List.of(request(template(name, "he", TWO_BODY_PARAMETERS), "+972500003401"),
							request(template(name, "he", List.of(Map.of("type", "body", "parameters", List.of()))),
									"+972500003402"))))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(batch.get("accepted")).isEqualTo(1);
		assertThat(codes(batch.get("results"))).containsExactly(null, "TEMPLATE_PARAMETERS_INVALID");
	}

	@Test
	void anOlderEventDoesNotOverwriteANewerState() {
		String name = "notice_" + suffix();
		Instant now = Instant.now();
		publish(name, "en", "APPROVED", "POSITIONAL", ALERT, now);
		String late = publish(name, "en", "PAUSED", "POSITIONAL", ALERT, now.minusSeconds(60));
		await().atMost(PATIENCE).until(() -> applied(late));

		awaitAccepted(template(name, "en", TWO_BODY_PARAMETERS), "+972500003501");

		publish(name, "en", "PAUSED", "POSITIONAL", ALERT, now.plusSeconds(1));
		awaitRefusal(template(name, "en", TWO_BODY_PARAMETERS), "TEMPLATE_PAUSED");
	}

	@Test
	void aPauseAppliedByAnotherInstanceIsRefusedWithinTheCacheTtlWhileSendsKeepTheCopyHot() {
		String name = "elsewhere_" + suffix();
		String approved = publish(name, "en", "APPROVED", "POSITIONAL", ALERT, Instant.now());
		await().atMost(PATIENCE).until(() -> applied(approved));
		awaitAccepted(template(name, "en", TWO_BODY_PARAMETERS), "+972500003601");
		assertThat(send(template(name, "en", TWO_BODY_PARAMETERS), "+972500003602")).isEqualTo(202);
		long fromCopies = checks("fresh") + checks("stale-refreshing");

		// Another instance applied the PAUSED event to the shared projection: this one's
		// copy is not forgotten, so only its refresh can bring the change in.
		this.database
			.sql("UPDATE templates SET status = 'PAUSED', state_at = now() WHERE tenant_id = :tenant AND name = :name")
			.bind("tenant", TEMPLATES_TENANT)
			.bind("name", name)
			.then()
			.block(Duration.ofSeconds(10));

		// One second of slack beyond the bound for the request itself on a loaded
		// machine.
		await().atMost(this.templateProperties.cacheTtl().plusSeconds(1))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> refusal(template(name, "en", TWO_BODY_PARAMETERS)),
					(problem) -> "TEMPLATE_PAUSED".equals(problem.get("code")));
		assertThat(checks("fresh") + checks("stale-refreshing")).isGreaterThan(fromCopies);
	}

	private long checks(String copy) {
		Timer timer = this.meters.find("switchboard.templates.check").tag("copy", copy).timer();
		return (timer != null) ? timer.count() : 0;
	}

	/** Publishes the template's state as template-service does; returns the event id. */
	private String publish(String name, String language, String status, String format,
			List<Map<String, Object>> components, Instant stateAt) {
		TemplateChanged changed = new TemplateChanged(WABA, "7" + Math.abs(name.hashCode()), name, language,
				"STATUS_CHANGED", status, null, "UTILITY", "GREEN", format, null, components, stateAt);
		EventEnvelope<TemplateChanged> event = EventEnvelope.of(EventType.TEMPLATE_CHANGED_V1,
				URI.create("urn:switchboard:template-service"), TEMPLATES_TENANT, name + ":" + language, changed);
		events.publishAny(event, TEMPLATES_TENANT + ":" + WABA + ":" + name + ":" + language);
		return event.id();
	}

	/**
	 * Whether the projection's consumer has handled the event (applied or ignored as
	 * older).
	 */
	private boolean applied(String eventId) {
		return Boolean.TRUE.equals(this.database
			.sql("SELECT true FROM inbox WHERE consumer_group = 'messaging-service.templates' AND event_id = :id")
			.bind("id", eventId)
			.map((row) -> true)
			.one()
			.defaultIfEmpty(false)
			.block(Duration.ofSeconds(10)));
	}

	private Map<?, ?> awaitRefusal(Map<String, Object> body, String code) {
		return await().atMost(PATIENCE).until(() -> refusal(body), (problem) -> code.equals(problem.get("code")));
	}

	private Map<?, ?> refusal(Map<String, Object> template) {
		EntityExchangeResult<Map> result = this.api.post(TEMPLATES_TENANT, request(template, "+972500003999"), null)
			.expectBody(Map.class)
			.returnResult();
		return (result.getStatus().value() == 422) ? result.getResponseBody() : Map.of("status", result.getStatus());
	}

	private void awaitAccepted(Map<String, Object> template, String to) {
		await().atMost(PATIENCE).until(() -> send(template, to) == 202);
	}

	private int send(Map<String, Object> template, String to) {
		return this.api.post(TEMPLATES_TENANT, request(template, to), null)
			.expectBody(Map.class)
			.returnResult()
			.getStatus()
			.value();
	}

	private static Map<String, Object> request(Map<String, Object> template, String to) {
		return Map.of("to", to, "channelId", "tpl-meta", "type", "template", "template", template.get("template"));
	}

	private static Map<String, Object> template(String name, String language, List<Map<String, Object>> components) {
		return Map.of("template", templateObject(name, language, components));
	}

	private static Map<String, Object> templateObject(String name, String language,
			List<Map<String, Object>> components) {
		return Map.of("name", name, "language", Map.of("code", language), "components", components);
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> awaitMessage(String id, String status) {
		return await().atMost(PATIENCE).until(() -> {
			EntityExchangeResult<Map> result = this.api.get(TEMPLATES_TENANT, id).expectBody(Map.class).returnResult();
			return result.getStatus().is2xxSuccessful() ? (Map<String, Object>) result.getResponseBody() : null;
		}, (message) -> message != null && status.equals(message.get("status")));
	}

	private static List<SentMessage> sentTo(String recipientDigits) {
		return simulators.meta()
			.sentMessages()
			.stream()
			.filter((sent) -> sent.to().replaceAll("[^0-9]", "").equals(recipientDigits))
			.toList();
	}

	/** The {@code code} of each item of a JSON list of objects. */
	private static List<Object> codes(Object items) {
		return ((List<?>) items).stream()
			.map((item) -> ((Map<?, ?>) item).get("code"))
			.map(Object.class::cast)
			.toList();
	}

	private static Map<String, Object> text(String value) {
		return Map.of("type", "text", "text", value);
	}

	private static Map<String, Object> named(String name, String value) {
		return Map.of("type", "text", "parameter_name", name, "text", value);
	}

	private static String suffix() {
		return Uuids.random().toString().substring(0, 8);
	}

}
