package dev.switchboard.orders.operations;

import java.util.List;
import java.util.UUID;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.ApiProblem.FieldProblem;
import dev.switchboard.http.security.Caller;
import dev.switchboard.orders.query.OrderFilter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/orders/batches} starts a batch operation over a filter (202 with
 * the job); {@code GET /api/v1/orders/batches/{id}} shows its progress.
 */
@Tag(name = "Order batches", description = "Operations over many orders at once, run in the background.")
@RestController
class BatchController {

	private final BatchJobs jobs;

	BatchController(BatchJobs jobs) {
		this.jobs = jobs;
	}

	@Operation(operationId = "startOrderBatch", summary = "Start a batch operation",
			description = "Starts retry_sync or resend_confirmation over the orders a filter selects; 202 with the job.")
	@PostMapping(path = "/api/v1/orders/batches", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.ACCEPTED)
	Mono<BatchJob> start(@RequestBody BatchRequest request, @AuthenticationPrincipal Jwt token) {
		BatchOperation operation = BatchOperation.parse(request.operation())
			.orElseThrow(() -> ApiProblem
				.validationFailed(List.of(new FieldProblem("operation", "one of retry_sync, resend_confirmation"))));
		OrderFilter filter = (request.filter() != null) ? request.filter().validated()
				: new OrderFilter(null, null, null, null, null, null, null, null, null);
		return this.jobs.create(Caller.of(token).tenantId(), operation, filter);
	}

	@Operation(operationId = "getOrderBatch", summary = "Get a batch operation",
			description = "A batch job and its progress.")
	@GetMapping(path = "/api/v1/orders/batches/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<BatchJob> job(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
		UUID jobId;
		try {
			jobId = UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(ApiProblem.notFound("No such batch job"));
		}
		return this.jobs.find(Caller.of(token).tenantId(), jobId)
			.switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No such batch job")));
	}

	/**
	 * A batch to start.
	 *
	 * @param operation {@code retry_sync} or {@code resend_confirmation}
	 * @param filter which orders, as in the order list (all when absent)
	 */
	record BatchRequest(String operation, OrderFilter filter) {
	}

}
