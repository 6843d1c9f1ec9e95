package dev.switchboard.messaging.templates;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.switchboard.messaging.templates.TemplateValidationProperties.Validation;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

class TemplateCheckTest {

	private static final List<Map<String, Object>> TWO_PARAMETERS = List
		.of(Map.of("type", "BODY", "text", "Hello {{1}}, order {{2}} is confirmed."));

	private static final Map<String, Object> SEND = Map.of("name", "order_update", "language", Map.of("code", "en"),
			"components", List.of(Map.of("type", "body", "parameters",
					List.of(Map.of("type", "text", "text", "Dana"), Map.of("type", "text", "text", "A-1")))));

	private final TemplateProjection projection = mock(TemplateProjection.class);

	@BeforeEach
	void noTemplates() {
		when(this.projection.languages(anyString(), anyString())).thenReturn(Flux.empty());
		when(this.projection.hasAny(anyString())).thenReturn(Mono.just(false));
	}

	private static TemplateCheck check(TemplateProjection projection, Validation validation) {
		TemplateValidationProperties properties = new TemplateValidationProperties(validation, Duration.ofSeconds(2),
				100, true);
		return new TemplateCheck(new KnownTemplates(projection, properties), properties, noMeters());
	}

	private static ObjectProvider<MeterRegistry> noMeters() {
		return new StaticListableBeanFactory().getBeanProvider(MeterRegistry.class);
	}

	private void known(String name, String language, String status) {
		known(name, language, status, TWO_PARAMETERS);
	}

	private void known(String name, String language, String status, List<Map<String, Object>> components) {
		KnownTemplate template = new KnownTemplate(name, language, status, "POSITIONAL", components, Instant.now());
		Flux<KnownTemplate> earlier = this.projection.languages("demo", name);
		when(this.projection.languages("demo", name)).thenReturn(earlier.concatWithValues(template));
		when(this.projection.hasAny("demo")).thenReturn(Mono.just(true));
	}

	private TemplateDecision check(Validation validation, Map<String, String> fallbacks) {
		return check(this.projection, validation).check("demo", fallbacks, SEND).block();
	}

	private TemplateDecision check() {
		return check(Validation.ENFORCED, Map.of());
	}

	@Test
	void anApprovedTemplateWithFittingParametersIsSentAsAsked() {
		known("order_update", "en", "APPROVED");

		TemplateDecision decision = check();

		assertThat(decision.sendable()).isTrue();
		assertThat(decision.template()).isEqualTo(SEND);
		assertThat(decision.fallbackFor()).isNull();
	}

	@Test
	void anUnknownTemplateIsNotFound() {
		TemplateDecision decision = check();

		assertThat(decision.code()).isEqualTo("TEMPLATE_NOT_FOUND");
		assertThat(decision.detail()).isEqualTo("The tenant has no template 'order_update'");
		assertThat(decision.problem().status().value()).isEqualTo(422);
	}

	@Test
	void aNameInOtherLanguagesOnlySaysWhichOnes() {
		known("order_update", "ro", "APPROVED");
		known("order_update", "he", "APPROVED");

		TemplateDecision decision = check();

		assertThat(decision.code()).isEqualTo("TEMPLATE_NOT_FOUND");
		assertThat(decision.detail()).isEqualTo("Template 'order_update' has no 'en' translation; it exists in he, ro");
		assertThat(decision.properties()).containsEntry("availableLanguages", List.of("he", "ro"));
	}

	@Test
	void eachStatusButApprovedIsRefusedWithItsCode() {
		for (String[] status : new String[][] { { "PAUSED", "TEMPLATE_PAUSED" }, { "DISABLED", "TEMPLATE_DISABLED" },
				{ "PENDING", "TEMPLATE_NOT_APPROVED" }, { "REJECTED", "TEMPLATE_NOT_APPROVED" },
				{ "DELETED", "TEMPLATE_NOT_APPROVED" } }) {
			TemplateProjection single = mock(TemplateProjection.class);
			when(single.languages("demo", "order_update")).thenReturn(
					Flux.just(new KnownTemplate("order_update", "en", status[0], null, TWO_PARAMETERS, Instant.now())));
			TemplateDecision decision = check(single, Validation.ENFORCED).check("demo", Map.of(), SEND).block();

			assertThat(decision.code()).as(status[0]).isEqualTo(status[1]);
			assertThat(decision.properties()).containsEntry("templateStatus", status[0]);
		}
	}

	@Test
	void wrongParametersNameTheComponent() {
		known("order_update", "en", "APPROVED",
				List.of(Map.of("type", "BODY", "text", "Hello {{1}}, order {{2}} ships on {{3}}.")));

		TemplateDecision decision = check();

		assertThat(decision.code()).isEqualTo("TEMPLATE_PARAMETERS_INVALID");
		assertThat(decision.properties()).containsEntry("component", "BODY");
		assertThat(decision.detail()).isEqualTo(
				"The parameters do not fit template 'order_update' (en): BODY: the template has 3 variable(s), the send gives 2");
		assertThat(decision.properties().get("errors")).asList()
			.containsExactly(Map.of("component", "BODY", "code", "PARAMETER_COUNT", "detail",
					"the template has 3 variable(s), the send gives 2"));
	}

	@Test
	void aPausedOrDisabledTemplatesFallbackIsSentInItsPlace() {
		known("order_update", "en", "PAUSED");
		known("order_update_basic", "en", "APPROVED");

		TemplateDecision decision = check(Validation.ENFORCED, Map.of("order_update", "order_update_basic"));

		assertThat(decision.sendable()).isTrue();
		assertThat(decision.fallbackFor()).isEqualTo("order_update");
		assertThat(decision.template()).containsEntry("name", "order_update_basic")
			.containsEntry("components", SEND.get("components"));
	}

	@Test
	void aFallbackIsOnlyForPausedAndDisabledTemplates() {
		known("order_update", "en", "REJECTED");
		known("order_update_basic", "en", "APPROVED");

		assertThat(check(Validation.ENFORCED, Map.of("order_update", "order_update_basic")).code())
			.isEqualTo("TEMPLATE_NOT_APPROVED");
	}

	@Test
	void aFallbackThatCannotBeSentLeavesTheRefusal() {
		known("order_update", "en", "DISABLED");
		known("order_update_basic", "en", "PAUSED");
		known("order_update_short", "en", "APPROVED", List.of(Map.of("type", "BODY", "text", "Order {{1}} is in.")));

		TemplateDecision paused = check(Validation.ENFORCED, Map.of("order_update", "order_update_basic"));
		TemplateDecision missing = check(Validation.ENFORCED, Map.of("order_update", "order_update_gone"));
		TemplateDecision misfit = check(Validation.ENFORCED, Map.of("order_update", "order_update_short"));

		assertThat(List.of(paused, missing, misfit)).extracting(TemplateDecision::code)
			.containsOnly("TEMPLATE_DISABLED");
		assertThat(paused.detail()).endsWith("its fallback 'order_update_basic' is PAUSED");
		assertThat(missing.detail()).endsWith("its fallback 'order_update_gone' has no 'en' translation");
		assertThat(misfit.detail()).endsWith("the parameters do not fit its fallback 'order_update_short'");
	}

	@Test
	void whenSyncedChecksOnlyTenantsWithTemplates() {
		assertThat(check(Validation.WHEN_SYNCED, Map.of()).sendable()).isTrue();

		known("something_else", "en", "APPROVED");

		assertThat(check(Validation.WHEN_SYNCED, Map.of()).code()).isEqualTo("TEMPLATE_NOT_FOUND");
	}

	@Test
	void offChecksNothing() {
		TemplateProjection untouched = mock(TemplateProjection.class);

		TemplateDecision decision = check(untouched, Validation.OFF).check("demo", Map.of(), SEND).block();

		assertThat(decision.sendable()).isTrue();
		verifyNoInteractions(untouched);
	}

}
