package dev.switchboard.orders.query;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.QueryParameters;
import dev.switchboard.http.security.Caller;
import dev.switchboard.orders.order.OrderHistory;
import dev.switchboard.orders.order.OrderStore;
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
 * Order reads within the caller's tenant: one order, its history, filtered lists and
 * stats. Another tenant's order is answered exactly like a missing one.
 */
@Tag(name = "Orders", description = "The tenant's orders: reads, statistics and operator actions.")
@RestController
class OrderQueryController {

	/** Largest page. */
	static final int MAX_LIMIT = 100;

	/** Page size when none is asked for. */
	static final int DEFAULT_LIMIT = 50;

	private static final Set<String> LIST_PARAMETERS = Set.of("branch", "status", "minAmount", "maxAmount",
			"createdFrom", "createdTo", "phone", "email", "name", "cursor", "limit");

	private final OrderStore orders;

	private final OrderHistory history;

	private final OrderQueries queries;

	private final StatsCache stats;

	OrderQueryController(OrderStore orders, OrderHistory history, OrderQueries queries, StatsCache stats) {
		this.orders = orders;
		this.history = history;
		this.queries = queries;
		this.stats = stats;
	}

	/**
	 * The tenant's orders, newest first, filtered by any combination of criteria, cursor
	 * paginated ({@code limit} 1 to 100, 50 when absent).
	 */
	@Operation(operationId = "listOrders", summary = "List orders",
			description = "The tenant's orders, newest first, filtered by any combination of criteria, cursor paginated (limit 1 to 100, 50 when absent).")
	@GetMapping(path = "/api/v1/orders", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<OrderQueries.OrderPage> list(@RequestParam(required = false) String branch,
			@RequestParam(required = false) String status, @RequestParam(required = false) String minAmount,
			@RequestParam(required = false) String maxAmount, @RequestParam(required = false) String createdFrom,
			@RequestParam(required = false) String createdTo, @RequestParam(required = false) String phone,
			@RequestParam(required = false) String email, @RequestParam(required = false) String name,
			@RequestParam(required = false) String cursor, @RequestParam(required = false) String limit,
			@AuthenticationPrincipal Jwt token, ServerWebExchange exchange) {
		QueryParameters.onlyKnown(exchange.getRequest().getQueryParams().keySet(), LIST_PARAMETERS);
		// Every parameter is read here, strictly: one that cannot be used is a 400, never
		// ignored (an ignored filter would answer more orders than asked for).
		int size = QueryParameters.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
		OrderFilter filter = new OrderFilter(branch, status, QueryParameters.decimal("minAmount", minAmount),
				QueryParameters.decimal("maxAmount", maxAmount), QueryParameters.instant("createdFrom", createdFrom),
				QueryParameters.instant("createdTo", createdTo), phone, email, name)
			.validated();
		OrderQueries.Cursor after = QueryParameters.absent(cursor) ? null : OrderQueries.Cursor.decode(cursor);
		return this.queries.list(Caller.of(token).tenantId(), filter, after, size);
	}

	/**
	 * Counts and amounts by status, branch and day; cached 30 s, evicted by order events.
	 */
	@Operation(operationId = "getOrderStats", summary = "Order statistics",
			description = "Counts and amounts by status, branch and day; cached for 30 s and evicted by order events.")
	@GetMapping(path = "/api/v1/orders/stats", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<OrderStats> stats(@AuthenticationPrincipal Jwt token, ServerWebExchange exchange) {
		// The statistics take no filter: a parameter would be silently ignored otherwise.
		QueryParameters.onlyKnown(exchange.getRequest().getQueryParams().keySet(), Set.of());
		String tenantId = Caller.of(token).tenantId();
		return this.stats.get(tenantId, () -> this.queries.stats(tenantId));
	}

	@Operation(operationId = "getOrder", summary = "Get an order",
			description = "One order of the tenant; another tenant's is 404, like a missing one.")
	@GetMapping(path = "/api/v1/orders/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<OrderView> order(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
		String tenantId = Caller.of(token).tenantId();
		return Mono.justOrEmpty(parse(id))
			.flatMap((uuid) -> this.orders.find(tenantId, uuid))
			.map(OrderView::of)
			.switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No such order")));
	}

	@Operation(operationId = "getOrderHistory", summary = "An order's history",
			description = "Every state change of the order, oldest first.")
	@GetMapping(path = "/api/v1/orders/{id}/history", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<List<OrderHistory.Entry>> history(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
		String tenantId = Caller.of(token).tenantId();
		return Mono.justOrEmpty(parse(id))
			.flatMap((uuid) -> this.orders.find(tenantId, uuid))
			.switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No such order")))
			.flatMap((order) -> this.history.of(tenantId, order.id()).collectList());
	}

	static Optional<UUID> parse(String id) {
		try {
			return Optional.of(UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
