package dev.switchboard.templates.query;

import java.util.List;
import java.util.Set;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.QueryParameters;
import dev.switchboard.http.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * Template reads within the caller's tenant. Another tenant's template is answered
 * exactly like a missing one.
 */
@Tag(name = "Templates",
		description = "The tenant's WhatsApp message templates: reads, rendering, creation, deletion and syncs with Meta.")
@RestController
class TemplateQueryController {

	static final int MAX_LIMIT = 100;

	static final int DEFAULT_LIMIT = 50;

	private static final Set<String> LIST_PARAMETERS = Set.of("status", "category", "language", "name", "quality",
			"cursor", "limit");

	private final TemplateQueries queries;

	TemplateQueryController(TemplateQueries queries) {
		this.queries = queries;
	}

	/**
	 * The tenant's templates by name and language, filtered, keyset paginated
	 * ({@code limit} 1 to 100, 50 when absent).
	 */
	@Operation(operationId = "listTemplates", summary = "List templates",
			description = "The tenant's templates by name and language, filtered, keyset paginated (limit 1 to 100, 50 when absent).")
	@GetMapping(path = "/api/v1/templates", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<TemplateQueries.TemplatePage> list(@RequestParam(required = false) String status,
			@RequestParam(required = false) String category, @RequestParam(required = false) String language,
			@RequestParam(required = false) String name, @RequestParam(required = false) String quality,
			@RequestParam(required = false) String cursor, @RequestParam(required = false) String limit,
			@AuthenticationPrincipal Jwt token, ServerWebExchange exchange) {
		QueryParameters.onlyKnown(exchange.getRequest().getQueryParams().keySet(), LIST_PARAMETERS);
		int size = QueryParameters.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
		TemplateFilter filter = TemplateFilter.read(status, category, language, name, quality);
		TemplateQueries.Cursor after = QueryParameters.absent(cursor) ? null : TemplateQueries.Cursor.decode(cursor);
		return this.queries.list(Caller.of(token).tenantId(), filter, after, size);
	}

	/** Every language of a template. */
	@Operation(operationId = "getTemplate", summary = "Get a template in every language",
			description = "Every language of a template; another tenant's is 404.")
	@GetMapping(path = "/api/v1/templates/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<List<TemplateView>> byName(@PathVariable String name, @AuthenticationPrincipal Jwt token) {
		return this.queries.byName(Caller.of(token).tenantId(), name)
			.map(TemplateView::of)
			.collectList()
			.filter((variants) -> !variants.isEmpty())
			.switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No template named " + shortened(name))));
	}

	/** A template in one language. */
	@Operation(operationId = "getTemplateLanguage", summary = "Get a template in one language",
			description = "A template in one language; another tenant's is 404.")
	@GetMapping(path = "/api/v1/templates/{name}/{language}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<TemplateView> byNameAndLanguage(@PathVariable String name, @PathVariable String language,
			@AuthenticationPrincipal Jwt token) {
		return this.queries.byNameAndLanguage(Caller.of(token).tenantId(), name, language.replace('-', '_'))
			.map(TemplateView::of)
			.switchIfEmpty(Mono.error(() -> ApiProblem
				.notFound("No template named " + shortened(name) + " in language " + shortened(language))));
	}

	private static String shortened(String value) {
		String printable = value.replaceAll("[^a-zA-Z0-9_-]", "?");
		return (printable.length() <= 40) ? printable : printable.substring(0, 40) + "…";
	}

}
