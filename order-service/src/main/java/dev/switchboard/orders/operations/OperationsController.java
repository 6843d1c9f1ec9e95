package dev.switchboard.orders.operations;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.ApiProblem.FieldProblem;
import dev.switchboard.http.security.Caller;
import dev.switchboard.orders.operations.OrderOperations.Result;
import dev.switchboard.orders.order.OrderStatus;
import dev.switchboard.orders.tasks.Priority;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator endpoints: retry one or many contact syncs, resend a confirmation, complete,
 * cancel.
 */
@Tag(name = "Orders", description = "The tenant's orders: reads, statistics and operator actions.")
@RestController
class OperationsController {

	/** Most orders one retry request may name; larger sets go through a batch job. */
	static final int MAX_ORDERS = 100;

	private final OrderOperations operations;

	OperationsController(OrderOperations operations) {
		this.operations = operations;
	}

	@Operation(operationId = "retryOrderSync", summary = "Retry an order's contact sync",
			description = "Syncs the order's customer to its CBB contact again.")
	@PostMapping(path = "/api/v1/orders/{id}/retry-sync", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Result> retrySync(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
		return this.operations.retrySync(Caller.of(token).tenantId(), orderId(id), Priority.NORMAL)
			.flatMap(OperationsController::foundOrError);
	}

	@Operation(operationId = "retryOrderSyncs", summary = "Retry the contact sync of several orders",
			description = "Retries the contact sync of the orders named; larger sets go through a batch.")
	@PostMapping(path = "/api/v1/orders/retry-sync", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<List<Result>> retrySyncMany(@RequestBody OrderIds request, @AuthenticationPrincipal Jwt token) {
		if (request.orderIds() == null || request.orderIds().isEmpty() || request.orderIds().size() > MAX_ORDERS) {
			throw ApiProblem
				.validationFailed(List.of(new FieldProblem("orderIds", "between 1 and " + MAX_ORDERS + " order ids")));
		}
		String tenantId = Caller.of(token).tenantId();
		return Flux.fromIterable(request.orderIds())
			.concatMap((id) -> parse(id).map((uuid) -> this.operations.retrySync(tenantId, uuid, Priority.NORMAL))
				.orElseGet(() -> Mono.just(new Result(id, "not_found", null, "No such order"))))
			.collectList();
	}

	@Operation(operationId = "resendOrderConfirmation", summary = "Resend an order's confirmation",
			description = "Sends the localized order confirmation again.")
	@PostMapping(path = "/api/v1/orders/{id}/resend-confirmation", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Result> resend(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
		return this.operations.resendConfirmation(Caller.of(token).tenantId(), orderId(id))
			.flatMap(OperationsController::foundOrError);
	}

	@Operation(operationId = "completeOrder", summary = "Complete an order",
			description = "Moves the order to completed, with an optional note kept in its history.")
	@PostMapping(path = "/api/v1/orders/{id}/complete", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Result> complete(@PathVariable String id, @RequestBody(required = false) Note note,
			@AuthenticationPrincipal Jwt token) {
		return this.operations
			.close(Caller.of(token).tenantId(), orderId(id), OrderStatus.COMPLETED,
					(note != null) ? note.reason() : null)
			.flatMap(OperationsController::foundOrError);
	}

	@Operation(operationId = "cancelOrder", summary = "Cancel an order",
			description = "Cancels the order, with an optional note kept in its history.")
	@PostMapping(path = "/api/v1/orders/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Result> cancel(@PathVariable String id, @RequestBody(required = false) Note note,
			@AuthenticationPrincipal Jwt token) {
		return this.operations
			.close(Caller.of(token).tenantId(), orderId(id), OrderStatus.CANCELLED,
					(note != null) ? note.reason() : null)
			.flatMap(OperationsController::foundOrError);
	}

	private static Mono<Result> foundOrError(Result result) {
		return "not_found".equals(result.outcome()) ? Mono.error(ApiProblem.notFound("No such order"))
				: Mono.just(result);
	}

	private static UUID orderId(String id) {
		return parse(id).orElseThrow(() -> ApiProblem.notFound("No such order"));
	}

	private static Optional<UUID> parse(String id) {
		try {
			return Optional.of(UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/**
	 * An operator's note.
	 *
	 * @param reason why, kept in the order's history
	 */
	record Note(String reason) {
	}

	/**
	 * Orders to act on.
	 *
	 * @param orderIds platform order ids
	 */
	record OrderIds(List<String> orderIds) {
	}

}
