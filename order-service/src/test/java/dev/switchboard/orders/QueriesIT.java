package dev.switchboard.orders;

import java.util.List;
import java.util.Map;

import dev.switchboard.http.security.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lists, stats and batch jobs over the orders of tenant {@code acme}, which has no order
 * settings: its orders are stored but neither synced nor confirmed.
 */
class QueriesIT extends IntegrationSetup {

	@Test
	void listsFilterByCompositeCriteriaAndPaginateWithACursor() {
		for (int i = 1; i <= 5; i++) {
			receive("acme", viziOrder("SE25010" + i + "Q", "se", "+46", "070123456" + i, "sek", false));
		}
		for (int i = 1; i <= 5; i++) {
			this.api.awaitOrder("acme", orderId("acme", "SE25010" + i + "Q"), (order) -> true);
		}
		Map<String, Object> firstPage = this.api.json("acme", "/api/v1/orders?branch=se&limit=2&minAmount=100");
		assertThat(orders(firstPage)).hasSize(2);
		assertThat(firstPage.get("nextCursor")).isNotNull();
		Map<String, Object> secondPage = this.api.json("acme",
				"/api/v1/orders?branch=se&limit=2&minAmount=100&cursor=" + firstPage.get("nextCursor"));
		assertThat(orders(secondPage)).hasSize(2)
			.extracting((order) -> order.get("id"))
			.doesNotContainAnyElementsOf(orders(firstPage).stream().map((order) -> order.get("id")).toList());
		assertThat(orders(this.api.json("acme", "/api/v1/orders?phone=46701234563"))).singleElement()
			.satisfies((order) -> assertThat(order).containsEntry("externalOrderId", "SE250103Q"));
		assertThat(orders(this.api.json("acme", "/api/v1/orders?name=EXAMPLE&email=DANA@example.com&limit=100")))
			.hasSizeGreaterThanOrEqualTo(5);
		assertThat(orders(this.api.json("acme", "/api/v1/orders?maxAmount=10"))).isEmpty();
		assertThat(orders(this.api.json("demo", "/api/v1/orders?phone=46701234563"))).isEmpty();
		this.api.get("acme", "/api/v1/orders?limit=1000")
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("INVALID_LIMIT");
	}

	@Test
	@SuppressWarnings("unchecked")
	void statsCountAndSumPerStatusBranchAndDayAndFollowNewOrders() {
		receive("acme", viziOrder("KZ250101S1", "kz", "+7", "7012345671", "kzt", false));
		this.api.awaitOrder("acme", orderId("acme", "KZ250101S1"), (order) -> true);
		// Statistics are cached and follow new orders: one computed before this order
		// (another test's) may be served until the cache sees it.
		Map<String, Object> stats = await().atMost(PATIENCE)
			.until(() -> this.api.json("acme", "/api/v1/orders/stats"),
					(answer) -> ((List<Map<String, Object>>) answer.get("byBranch")).stream()
						.anyMatch((group) -> "kz".equals(group.get("key"))));
		long before = ((Number) stats.get("total")).longValue();
		assertThat((List<Map<String, Object>>) stats.get("byBranch")).anySatisfy(
				(group) -> assertThat(group).containsEntry("key", "kz").containsEntry("amounts", Map.of("KZT", 249.0)));
		receive("acme", viziOrder("KZ250101S2", "kz", "+7", "7012345672", "kzt", false));
		await().atMost(PATIENCE)
			.until(() -> ((Number) this.api.json("acme", "/api/v1/orders/stats").get("total")).longValue() == before
					+ 1);
	}

	@Test
	void aBatchRetriesTheSyncOfEveryMatchingOrderAndShowsItsProgress() {
		Map<String, Object> job = this.api.postJson("acme", "/api/v1/orders/batches",
				Map.of("operation", "retry_sync", "filter", Map.of("branch", "se")));
		assertThat(job).containsEntry("status", "running").containsEntry("operation", "retry_sync");
		Map<String, Object> done = await().atMost(PATIENCE)
			.until(() -> this.api.json("acme", "/api/v1/orders/batches/" + job.get("id")),
					(progress) -> "completed".equals(progress.get("status")));
		assertThat(done.get("processed")).isEqualTo(done.get("total"));
		// acme's orders are not sync_failed: every one is looked at, none is retried.
		assertThat(done).containsEntry("affected", 0);
		this.api.get("demo", "/api/v1/orders/batches/" + job.get("id")).expectStatus().isNotFound();
	}

	@Test
	void requestsWithoutATokenOrScopeAreRefused() {
		this.api.client()
			.get()
			.uri("/api/v1/orders/stats")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UNAUTHORIZED");
		this.api.client()
			.post()
			.uri("/api/v1/orders/batches")
			.header("Authorization", TestTokens.bearer("order-service", "acme", "orders:read"))
			.bodyValue(Map.of("operation", "retry_sync"))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void aTokenTheGatewayIssuedForAnotherServiceIsRefused() {
		this.api.client()
			.get()
			.uri("/api/v1/orders/stats")
			.header("Authorization", TestTokens.bearer("messaging-service", "acme", "orders:read"))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UNAUTHORIZED");
		this.api.client()
			.get()
			.uri("/api/v1/orders/stats")
			.header("Authorization", TestTokens.bearer("order-service", "acme", "orders:read"))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> orders(Map<String, Object> page) {
		return (List<Map<String, Object>>) page.get("orders");
	}

}
