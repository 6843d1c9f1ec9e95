package dev.switchboard.workflows.definitions;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.ApiProblem.FieldProblem;
import dev.switchboard.http.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's workflow definitions. Every document is checked against the published
 * schema ({@code GET /api/v1/workflows/schema}); a refused one answers 422
 * {@code INVALID_WORKFLOW} listing every problem. Another tenant's workflow is 404.
 */
@Tag(name = "Workflows", description = "The tenant's workflow definitions, checked against the published schema.")
@RestController
class WorkflowController {

	/** Most workflows one listing shows. */
	static final int LIST_LIMIT = 500;

	private final Workflows workflows;

	private final DefinitionValidator validator;

	WorkflowController(Workflows workflows, DefinitionValidator validator) {
		this.workflows = workflows;
		this.validator = validator;
	}

	@Operation(operationId = "getWorkflowSchema", summary = "The workflow schema",
			description = "The JSON Schema every workflow document is checked against.")
	@GetMapping(path = "/api/v1/workflows/schema", produces = "application/schema+json")
	byte[] schema() {
		return this.validator.schemaDocument();
	}

	@Operation(operationId = "createWorkflow", summary = "Create a workflow",
			description = "A new workflow from a document; a refused one answers 422 INVALID_WORKFLOW listing every problem.")
	@PostMapping(path = "/api/v1/workflows", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Workflow>> create(@RequestBody JsonNode document, @AuthenticationPrincipal Jwt token) {
		Definition definition = validated(document);
		return this.workflows.create(Caller.of(token).tenantId(), definition)
			.map((created) -> ResponseEntity.created(URI.create("/api/v1/workflows/" + created.id())).body(created));
	}

	@Operation(operationId = "listWorkflows", summary = "List workflows", description = "The tenant's workflows.")
	@GetMapping(path = "/api/v1/workflows", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Workflow.Page> list(@AuthenticationPrincipal Jwt token) {
		return this.workflows.list(Caller.of(token).tenantId(), LIST_LIMIT).collectList().map(Workflow.Page::new);
	}

	@Operation(operationId = "getWorkflow", summary = "Get a workflow",
			description = "One workflow with its current version; another tenant's is 404.")
	@GetMapping(path = "/api/v1/workflows/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Workflow> workflow(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
		return found(this.workflows.find(Caller.of(token).tenantId(), id(id)));
	}

	/** A new version; runs already started keep theirs. */
	@Operation(operationId = "updateWorkflow", summary = "Replace a workflow",
			description = "A new version of the workflow; runs already started keep theirs.")
	@PutMapping(path = "/api/v1/workflows/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Workflow> update(@PathVariable String id, @RequestBody JsonNode document, @AuthenticationPrincipal Jwt token) {
		UUID workflowId = id(id);
		Definition definition = validated(document);
		return found(this.workflows.update(Caller.of(token).tenantId(), workflowId, definition));
	}

	@Operation(operationId = "enableWorkflow", summary = "Enable a workflow",
			description = "Its triggers start runs again.")
	@PostMapping(path = "/api/v1/workflows/{id}/enable", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Workflow> enable(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
		return found(this.workflows.enable(Caller.of(token).tenantId(), id(id), true));
	}

	@Operation(operationId = "disableWorkflow", summary = "Disable a workflow",
			description = "Its triggers start no more runs; runs already started go on.")
	@PostMapping(path = "/api/v1/workflows/{id}/disable", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Workflow> disable(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
		return found(this.workflows.enable(Caller.of(token).tenantId(), id(id), false));
	}

	private Definition validated(JsonNode document) {
		if (document == null || !document.isObject()) {
			throw ApiProblem.malformedRequest("The request body must be a JSON object", null);
		}
		List<FieldProblem> problems = this.validator.problems(document);
		if (!problems.isEmpty()) {
			throw invalid(problems);
		}
		return Definition.of(DefinitionValidator.toMap(document));
	}

	static ApiProblem invalid(List<FieldProblem> problems) {
		return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "INVALID_WORKFLOW",
				"The workflow definition is not valid: " + problems.size() + " problem(s)",
				java.util.Map.of("errors", problems));
	}

	/** A workflow id from a path; not a UUID is a workflow that does not exist. */
	static UUID id(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw ApiProblem.notFound("No workflow " + id);
		}
	}

	private static <T> Mono<T> found(Mono<T> workflow) {
		return workflow.switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No such workflow")));
	}

}
