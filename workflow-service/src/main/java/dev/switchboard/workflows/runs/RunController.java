package dev.switchboard.workflows.runs;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.events.Uuids;
import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.security.Caller;
import dev.switchboard.workflows.definitions.TriggerSpec;
import dev.switchboard.workflows.definitions.Workflows;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runs through the API: start one by hand with an input, list a workflow's runs, read one
 * with its step history, cancel one. Another tenant's workflow or run is 404.
 */
@Tag(name = "Runs", description = "Runs of the tenant's workflows: started by hand, listed, read and cancelled.")
@RestController
class RunController {

	/** Most runs one listing shows. */
	static final int LIST_LIMIT = 200;

	private final Workflows workflows;

	private final RunStarter starter;

	private final RunStore store;

	private final RunEvents events;

	private final TransactionalOperator transactions;

	RunController(Workflows workflows, RunStarter starter, RunStore store, RunEvents events,
			TransactionalOperator transactions) {
		this.workflows = workflows;
		this.starter = starter;
		this.store = store;
		this.events = events;
		this.transactions = transactions;
	}

	/**
	 * Starts a run of the workflow's current version with the body as its input (any
	 * trigger type; a disabled workflow is refused: 409 {@code WORKFLOW_DISABLED}).
	 */
	@Operation(operationId = "startRun", summary = "Start a run",
			description = "Starts a run of the workflow's current version with the body as its input; a disabled workflow is refused with 409 WORKFLOW_DISABLED.")
	@PostMapping(path = "/api/v1/workflows/{id}/runs", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Run>> start(@PathVariable String id, @RequestBody(required = false) JsonNode input,
			@AuthenticationPrincipal Jwt token) {
		String tenantId = Caller.of(token).tenantId();
		if (input != null && !input.isObject()) {
			throw ApiProblem.malformedRequest("The run's input must be a JSON object", null);
		}
		Map<String, Object> values = (input != null) ? RunInput.toMap(input) : Map.of();
		UUID runId = Uuids.random();
		return this.workflows.find(tenantId, uuid(id, "workflow"))
			.switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No such workflow")))
			.flatMap((workflow) -> {
				if (!workflow.enabled()) {
					return Mono.error(new ApiProblem(HttpStatus.CONFLICT, "WORKFLOW_DISABLED",
							"The workflow is disabled: enable it to start runs"));
				}
				return this.workflows.version(workflow.id(), workflow.version());
			})
			.flatMap((version) -> this.starter.start(version, runId, TriggerSpec.MANUAL, values, Map.of()))
			.then(this.store.find(tenantId, runId))
			.map((run) -> ResponseEntity.created(URI.create("/api/v1/runs/" + runId)).body(run));
	}

	@Operation(operationId = "listRuns", summary = "List a workflow's runs",
			description = "The workflow's runs, newest first.")
	@GetMapping(path = "/api/v1/workflows/{id}/runs", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Run.Page> runs(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
		String tenantId = Caller.of(token).tenantId();
		UUID workflowId = uuid(id, "workflow");
		return this.workflows.find(tenantId, workflowId)
			.switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No such workflow")))
			.flatMap((workflow) -> this.store.list(tenantId, workflowId, LIST_LIMIT).collectList().map(Run.Page::new));
	}

	@Operation(operationId = "getRun", summary = "Get a run",
			description = "One run with its step history; another tenant's is 404.")
	@GetMapping(path = "/api/v1/runs/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Run> run(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
		return this.store.find(Caller.of(token).tenantId(), uuid(id, "run"))
			.switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No such run")));
	}

	/** Cancels a running run; one that ended already answers 409 {@code RUN_FINISHED}. */
	@Operation(operationId = "cancelRun", summary = "Cancel a run",
			description = "Cancels a running run; one that ended already answers 409 RUN_FINISHED.")
	@PostMapping(path = "/api/v1/runs/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Run> cancel(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
		String tenantId = Caller.of(token).tenantId();
		UUID runId = uuid(id, "run");
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		return this.store.cancel(tenantId, runId, now)
			.flatMap((run) -> this.events.append(run, RunStatus.CANCELLED, null, null, now).thenReturn(run))
			.as(this.transactions::transactional)
			.doOnNext((run) -> this.events.finished(run, RunStatus.CANCELLED, now))
			.hasElement()
			.flatMap((cancelled) -> this.store.find(tenantId, runId)
				.switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No such run")))
				.flatMap((run) -> cancelled ? Mono.just(run) : Mono.error(new ApiProblem(HttpStatus.CONFLICT,
						"RUN_FINISHED", "The run has ended already (" + run.status() + ")"))));
	}

	private static UUID uuid(String id, String what) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw ApiProblem.notFound("No such " + what);
		}
	}

}
