package dev.switchboard.orders.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.switchboard.events.web.problem.ApiProblem;
import dev.switchboard.events.web.problem.ApiProblem.FieldProblem;
import dev.switchboard.events.web.security.Caller;
import dev.switchboard.orders.order.OrderHistory;
import dev.switchboard.orders.order.OrderStore;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Order reads within the caller's tenant: one order, its history, filtered lists and
 * stats. Another tenant's order is answered exactly like a missing one.
 */
@RestController
class OrderQueryController {

	/** Largest page. */
	static final int MAX_LIMIT = 100;

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
	 * paginated ({@code limit} capped at 100).
	 */
	@GetMapping(path = "/api/v1/orders", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<OrderQueries.OrderPage> list(@RequestParam(required = false) String branch,
			@RequestParam(required = false) String status, @RequestParam(required = false) BigDecimal minAmount,
			@RequestParam(required = false) BigDecimal maxAmount, @RequestParam(required = false) Instant createdFrom,
			@RequestParam(required = false) Instant createdTo, @RequestParam(required = false) String phone,
			@RequestParam(required = false) String email, @RequestParam(required = false) String name,
			@RequestParam(required = false) String cursor, @RequestParam(defaultValue = "50") int limit,
			@AuthenticationPrincipal Jwt token) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw ApiProblem.validationFailed(List.of(new FieldProblem("limit", "between 1 and " + MAX_LIMIT)));
		}
		OrderFilter filter = new OrderFilter(branch, status, minAmount, maxAmount, createdFrom, createdTo, phone, email,
				name)
			.validated();
		return this.queries.list(Caller.of(token).tenantId(), filter, cursor, limit);
	}

	/**
	 * Counts and amounts by status, branch and day; cached 30 s, evicted by order events.
	 */
	@GetMapping(path = "/api/v1/orders/stats", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<OrderStats> stats(@AuthenticationPrincipal Jwt token) {
		String tenantId = Caller.of(token).tenantId();
		return this.stats.get(tenantId, () -> this.queries.stats(tenantId));
	}

	@GetMapping(path = "/api/v1/orders/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<OrderView> order(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
		String tenantId = Caller.of(token).tenantId();
		return Mono.justOrEmpty(parse(id))
			.flatMap((uuid) -> this.orders.find(tenantId, uuid))
			.map(OrderView::of)
			.switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No such order")));
	}

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
