package dev.switchboard.templates.submit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.security.Caller;
import dev.switchboard.templates.graph.GraphException;
import dev.switchboard.templates.graph.GraphTemplates;
import dev.switchboard.templates.graph.WabaAccount;
import dev.switchboard.templates.graph.WabaAccounts;
import dev.switchboard.templates.rules.NewTemplate;
import dev.switchboard.templates.rules.SubmissionRules;
import dev.switchboard.templates.rules.TemplateProblem;
import dev.switchboard.templates.template.Template;
import dev.switchboard.templates.template.TemplateChanges;
import dev.switchboard.templates.template.TemplateStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Creating and deleting templates of the caller's tenant at Meta. A new template is
 * checked locally first (every failed rule listed, 422 {@code TEMPLATE_NONCOMPLIANT}, no
 * call to Meta), then submitted and stored as Meta answers it (PENDING); Meta's review
 * result arrives as a status webhook, as in production. A delete removes every language
 * of the name in each of the tenant's WABAs holding it; the deletion, too, comes back by
 * webhook (and the next sync).
 */
@Tag(name = "Templates",
		description = "The tenant's WhatsApp message templates: reads, rendering, creation, deletion and syncs with Meta.")
@RestController
class SubmitController {

	private final WabaAccounts accounts;

	private final GraphTemplates graph;

	private final TemplateChanges changes;

	private final TemplateStore store;

	private final TransactionalOperator transactions;

	SubmitController(WabaAccounts accounts, GraphTemplates graph, TemplateChanges changes, TemplateStore store,
			TransactionalOperator transactions) {
		this.accounts = accounts;
		this.graph = graph;
		this.changes = changes;
		this.store = store;
		this.transactions = transactions;
	}

	@Operation(operationId = "createTemplate", summary = "Create a template",
			description = "Checks a new template locally (every failed rule listed, 422 TEMPLATE_NONCOMPLIANT), then submits it to Meta and stores it as Meta answers (PENDING); the review result arrives by webhook.")
	@PostMapping(path = "/api/v1/templates", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Map<String, Object>>> create(@RequestBody NewTemplateRequest request,
			@AuthenticationPrincipal Jwt token) {
		String tenantId = Caller.of(token).tenantId();
		NewTemplate candidate = new NewTemplate(request.name(), request.language(), request.category(),
				request.parameterFormat(), request.components());
		List<TemplateProblem> problems = SubmissionRules.check(candidate);
		if (!problems.isEmpty()) {
			return Mono.error(new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "TEMPLATE_NONCOMPLIANT",
					"The template breaks " + problems.size() + " rule(s); nothing was sent to Meta",
					Map.of("problems", problems.stream().map(SubmitController::problem).toList())));
		}
		return Mono.fromCallable(() -> account(tenantId, request.wabaId()))
			.flatMap((account) -> this.graph.create(account, metaBody(candidate))
				.onErrorMap(GraphException.class, SubmitController::refused)
				.flatMap((answer) -> stored(account, candidate, answer)))
			.map((template) -> ResponseEntity.status(HttpStatus.CREATED).body(view(template)));
	}

	@Operation(operationId = "deleteTemplate", summary = "Delete a template",
			description = "Deletes every language of the name in each of the tenant's WABAs holding it; the deletion comes back by webhook.")
	@DeleteMapping(path = "/api/v1/templates/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Map<String, Object>>> delete(@PathVariable String name, @AuthenticationPrincipal Jwt token) {
		String tenantId = Caller.of(token).tenantId();
		return this.store.byName(tenantId, name)
			.filter((template) -> !template.deleted())
			.collectList()
			.flatMap((variants) -> {
				if (variants.isEmpty()) {
					return Mono.error(new ApiProblem(HttpStatus.NOT_FOUND, "TEMPLATE_NOT_FOUND",
							"No template named " + safe(name)));
				}
				List<String> wabaIds = variants.stream().map(Template::wabaId).distinct().sorted().toList();
				List<WabaAccount> owning = this.accounts.accounts(tenantId)
					.stream()
					.filter((account) -> wabaIds.contains(account.wabaId()))
					.toList();
				return Flux.fromIterable(owning)
					.concatMap((account) -> this.graph.delete(account, name)
						.onErrorMap(GraphException.class, SubmitController::refused))
					.then(Mono.fromSupplier(() -> {
						Map<String, Object> answer = new LinkedHashMap<>();
						answer.put("name", name);
						answer.put("wabaIds", owning.stream().map(WabaAccount::wabaId).toList());
						answer.put("languages", variants.stream().map(Template::language).distinct().sorted().toList());
						answer.put("status", "deletion requested");
						return ResponseEntity.accepted().body(answer);
					}));
			});
	}

	private WabaAccount account(String tenantId, String wabaId) {
		List<WabaAccount> owned = this.accounts.accounts(tenantId);
		if (wabaId != null) {
			return owned.stream()
				.filter((account) -> account.wabaId().equals(wabaId))
				.findFirst()
				.orElseThrow(() -> ApiProblem.unknownValue("wabaId", wabaId,
						owned.stream().map(WabaAccount::wabaId).toList()));
		}
		if (owned.size() != 1) {
			throw ApiProblem.invalidParameter("wabaId",
					owned.isEmpty() ? "The tenant has no WhatsApp Business Account"
							: "The tenant has several WhatsApp Business Accounts: name one in wabaId",
					Map.of("allowed", owned.stream().map(WabaAccount::wabaId).toList()));
		}
		return owned.get(0);
	}

	private Mono<Template> stored(WabaAccount account, NewTemplate candidate, Map<String, Object> answer) {
		// Whole seconds, as Meta times the review webhook that follows within moments.
		Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		String status = String.valueOf(answer.getOrDefault("status", "PENDING"));
		String category = String.valueOf(answer.getOrDefault("category", candidate.category()));
		Template template = new Template(account.tenantId(), account.wabaId(), String.valueOf(answer.get("id")),
				candidate.name(), candidate.language(), status, category, null, candidate.parameterFormat(), null,
				candidate.components(), at, false);
		return this.transactions
			.transactional(this.changes.update(account.tenantId(), account.wabaId(), candidate.name(),
					candidate.language(), at, (previous) -> template))
			.thenReturn(template);
	}

	private static Map<String, Object> metaBody(NewTemplate candidate) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", candidate.name());
		body.put("language", candidate.language());
		body.put("category", candidate.category());
		body.put("parameter_format",
				(candidate.parameterFormat() != null) ? candidate.parameterFormat() : "POSITIONAL");
		body.put("components", candidate.components());
		return body;
	}

	private static Map<String, Object> view(Template template) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("wabaId", template.wabaId());
		view.put("templateId", template.templateId());
		view.put("name", template.name());
		view.put("language", template.language());
		view.put("status", template.status());
		view.put("category", template.category());
		return view;
	}

	private static Map<String, Object> problem(TemplateProblem problem) {
		return Map.of("code", problem.code().name(), "component", String.valueOf(problem.component()), "detail",
				problem.detail());
	}

	private static ApiProblem refused(GraphException ex) {
		if (ex.transientFailure() || ex.httpStatus() == 0) {
			return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "META_UNAVAILABLE",
					"Meta did not take the request now; try again later", Map.of("metaCode", ex.code()));
		}
		return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "META_REJECTED",
				"Meta refused the request: " + ex.getMessage(), Map.of("metaCode", ex.code()));
	}

	private static String safe(String value) {
		String printable = value.replaceAll("[^a-zA-Z0-9_-]", "?");
		return (printable.length() <= 40) ? printable : printable.substring(0, 40) + "…";
	}

	/**
	 * A template to create.
	 *
	 * @param wabaId the WABA to create it in; may be left out when the tenant has one
	 * @param name lower-case letters, digits and underscores
	 * @param language language code
	 * @param category MARKETING, UTILITY or AUTHENTICATION
	 * @param parameterFormat POSITIONAL (default) or NAMED
	 * @param components HEADER, BODY, FOOTER, BUTTONS in Meta's shape, with examples
	 */
	record NewTemplateRequest(String wabaId, String name, String language, String category, String parameterFormat,
			List<Map<String, Object>> components) {
	}

}
