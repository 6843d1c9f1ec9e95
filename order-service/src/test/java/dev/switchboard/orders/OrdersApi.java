package dev.switchboard.orders;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.switchboard.http.security.TestTokens;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.awaitility.Awaitility.await;

/** The order API as a test calls it, with tokens minted like the gateway's. */
final class OrdersApi {

	private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	private final WebTestClient client;

	OrdersApi(int port) {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	WebTestClient client() {
		return this.client;
	}

	WebTestClient.ResponseSpec get(String tenantId, String path) {
		return this.client.get()
			.uri(path)
			.header("Authorization", TestTokens.bearer("order-service", tenantId, "orders:read orders:write"))
			.exchange();
	}

	WebTestClient.ResponseSpec post(String tenantId, String path, Object body) {
		WebTestClient.RequestBodySpec request = this.client.post()
			.uri(path)
			.header("Authorization", TestTokens.bearer("order-service", tenantId, "orders:read orders:write"));
		return (body != null) ? request.bodyValue(body).exchange() : request.exchange();
	}

	Map<String, Object> order(String tenantId, String id) {
		return get(tenantId, "/api/v1/orders/" + id).expectStatus()
			.isOk()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
	}

	List<Map<String, Object>> history(String tenantId, String id) {
		return get(tenantId, "/api/v1/orders/" + id + "/history").expectStatus()
			.isOk()
			.expectBody(LIST)
			.returnResult()
			.getResponseBody();
	}

	Map<String, Object> json(String tenantId, String path) {
		return get(tenantId, path).expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
	}

	Map<String, Object> postJson(String tenantId, String path, Object body) {
		return post(tenantId, path, body).expectStatus()
			.is2xxSuccessful()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
	}

	/** Waits until the order exists and matches. */
	Map<String, Object> awaitOrder(String tenantId, String id, Predicate<Map<String, Object>> condition) {
		return await().atMost(IntegrationSetup.PATIENCE)
			.until(() -> get(tenantId, "/api/v1/orders/" + id).returnResult(MAP).getResponseBody().blockFirst(),
					(order) -> order != null && order.get("id") != null && condition.test(order));
	}

	Map<String, Object> awaitStatus(String tenantId, String id, String status) {
		return awaitOrder(tenantId, id, (order) -> status.equals(order.get("status")));
	}

}
