package dev.switchboard.templates.query;

import java.util.List;
import java.util.Map;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.security.Caller;
import dev.switchboard.templates.rules.RenderResult;
import dev.switchboard.templates.rules.TemplateDefinition;
import dev.switchboard.templates.rules.TemplateSendRules;
import dev.switchboard.templates.template.Template;
import org.springframework.http.HttpStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Renders a template of the caller's tenant with a send's parameters (the Cloud API's
 * {@code template.components}): the header, body, footer and buttons as the recipient
 * would see them, or every problem the parameters have (422
 * {@code TEMPLATE_PARAMETERS_INVALID}). A name without that language is a 404
 * {@code TEMPLATE_LANGUAGE_NOT_FOUND} listing the languages it has; an unknown name (or
 * another tenant's) a 404 {@code TEMPLATE_NOT_FOUND}.
 */
@Tag(name = "Templates",
		description = "The tenant's WhatsApp message templates: reads, rendering, creation, deletion and syncs with Meta.")
@RestController
class RenderController {

	private final TemplateQueries queries;

	RenderController(TemplateQueries queries) {
		this.queries = queries;
	}

	@Operation(operationId = "renderTemplate", summary = "Render a template",
			description = "The template in one language filled with a send's parameters, as the recipient would see it, or every problem the parameters have (422 TEMPLATE_PARAMETERS_INVALID).")
	@PostMapping(path = "/api/v1/templates/{name}/{language}/render", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Rendered> render(@PathVariable String name, @PathVariable String language,
			@RequestBody(required = false) RenderRequest request, @AuthenticationPrincipal Jwt token) {
		String tenantId = Caller.of(token).tenantId();
		String wanted = language.replace('-', '_');
		List<Map<String, Object>> components = (request != null && request.components() != null) ? request.components()
				: List.of();
		return this.queries.byName(tenantId, name)
			.filter((template) -> !template.deleted())
			.collectList()
			.map((variants) -> {
				Template template = variants.stream()
					.filter((variant) -> variant.language().equals(wanted))
					.findFirst()
					.orElseThrow(() -> missing(name, wanted, variants));
				RenderResult result = TemplateSendRules.render(new TemplateDefinition(template.name(),
						template.language(), template.parameterFormat(), template.components()), components);
				if (!result.valid()) {
					throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "TEMPLATE_PARAMETERS_INVALID",
							"The parameters do not fit template " + template.name() + " (" + template.language() + ")",
							Map.of("problems",
									result.problems()
										.stream()
										.map((problem) -> Map.of("code", problem.code().name(), "component",
												String.valueOf(problem.component()), "detail", problem.detail()))
										.toList()));
				}
				return new Rendered(template.name(), template.language(), template.status(), result.rendered());
			});
	}

	private static ApiProblem missing(String name, String language, List<Template> variants) {
		if (variants.isEmpty()) {
			return new ApiProblem(HttpStatus.NOT_FOUND, "TEMPLATE_NOT_FOUND", "No template named " + safe(name));
		}
		List<String> languages = variants.stream().map(Template::language).distinct().sorted().toList();
		return new ApiProblem(
				HttpStatus.NOT_FOUND, "TEMPLATE_LANGUAGE_NOT_FOUND", "Template " + safe(name) + " has no "
						+ safe(language) + " translation; it has " + String.join(", ", languages),
				Map.of("languages", languages));
	}

	private static String safe(String value) {
		String printable = value.replaceAll("[^a-zA-Z0-9_-]", "?");
		return (printable.length() <= 40) ? printable : printable.substring(0, 40) + "…";
	}

	/**
	 * What to render with.
	 *
	 * @param components the send's {@code template.components} (header, body and button
	 * parameters); none for a template without variables
	 */
	record RenderRequest(List<Map<String, Object>> components) {
	}

	/**
	 * A rendered template.
	 *
	 * @param name template name
	 * @param language its language
	 * @param status its status (a template that is not APPROVED renders, but cannot be
	 * sent)
	 * @param rendered header, body, footer and buttons filled in
	 */
	record Rendered(String name, String language, String status,
			dev.switchboard.templates.rules.RenderedTemplate rendered) {
	}

}
