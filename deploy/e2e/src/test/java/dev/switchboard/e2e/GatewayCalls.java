package dev.switchboard.e2e;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.switchboard.local.LocalStack;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient.RequestBodySpec;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

import static org.awaitility.Awaitility.await;

/**
 * Calls through the running stack's gateway (and, for order webhooks, webhook-ingest) as
 * the demo tenant, another tenant or an operator, with paths sent exactly as written.
 */
final class GatewayCalls {

	static final String DEMO_KEY = "Bearer sb_demokey1.localdemosecret";

	static final String ACME_KEY = "Bearer sb_acmekey1.localacmesecret";

	static final String OPERATOR_KEY = "Bearer sb_operator1.localoperatorsecret";

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private static LocalStack stack;

	private static WebTestClient gateway;

	private static WebTestClient ingest;

	private GatewayCalls() {
	}

	/**
	 * Points the calls at a running stack.
	 * @param running the stack
	 * @return a client of its gateway
	 */
	static WebTestClient open(LocalStack running) {
		stack = running;
		gateway = client(running.ports().gateway());
		ingest = client(running.ports().ingest());
		return gateway;
	}

	static String sendTemplate(String key, String idempotencyKey) {
		Map<String, Object> accepted = json(gateway.post()
			.uri("/api/v1/messages")
			.header("Authorization", key)
			.header("Idempotency-Key", idempotencyKey)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("to", "+972500000001", "channelId", "demo-meta", "type", "template", "template",
					E2EClients.CONFIRMATION))
			.exchange()
			.expectStatus()
			.isAccepted());
		return (String) accepted.get("id");
	}

	/**
	 * Posts a signed Vizi order to webhook-ingest and waits until the order service shows
	 * it to the demo tenant.
	 * @return the order's id in the API
	 */
	static String acceptedOrder(String prefix, String nationalNumber) {
		String externalId = prefix + Long.toString(System.nanoTime(), 36).toUpperCase();
		ViziOrders.post(ingest, "e2e-" + externalId, ViziOrders.order(externalId, "ro", "+40", nationalNumber, "ron"))
			.expectStatus()
			.isAccepted();
		String[] id = new String[1];
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> orders = (List<Map<String, Object>>) json(
					call(HttpMethod.GET, "/api/v1/orders?phone=%2B40" + nationalNumber.substring(1) + "&limit=100",
							DEMO_KEY)
						.expectStatus()
						.isOk())
				.get("orders");
			id[0] = orders.stream()
				.filter((order) -> externalId.equals(order.get("externalOrderId")))
				.map((order) -> (String) order.get("id"))
				.findFirst()
				.orElseThrow(() -> new AssertionError("Order " + externalId + " not listed yet"));
		});
		return id[0];
	}

	static Map<String, Object> issueKey(String tenantId, List<String> scopes) {
		return json(call(HttpMethod.POST, "/admin/v1/tenants/" + tenantId + "/keys", OPERATOR_KEY,
				Map.of("name", "owasp", "scopes", scopes))
			.expectStatus()
			.isCreated());
	}

	static ResponseSpec call(HttpMethod method, String path, String authorization) {
		return call(method, path, authorization, null);
	}

	static ResponseSpec call(HttpMethod method, String path, String authorization, Object body) {
		RequestBodySpec request = gateway.method(method)
			.uri(URI.create("http://localhost:" + stack.ports().gateway() + path));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		if (body != null) {
			return request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
		}
		return request.exchange();
	}

	static WebTestClient.BodyContentSpec expectProblem(ResponseSpec response, HttpStatus status) {
		return response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.exists();
	}

	static Map<String, Object> json(ResponseSpec response) {
		return response.expectBody(JSON).returnResult().getResponseBody();
	}

	/**
	 * An OpenAPI document the gateway publishes. A service builds its document on the
	 * first request, which can outlast the gateway's fetch timeout (503
	 * {@code SPEC_UNAVAILABLE}) on a busy machine: asked again until it answers.
	 * @param path the document's path at the gateway ({@code /api-docs/<name>})
	 * @return the document's text
	 */
	static String apiDocument(String path) {
		AtomicReference<String> document = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			document.set(call(HttpMethod.GET, path, DEMO_KEY).expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody());
		});
		return document.get();
	}

	/**
	 * An OpenAPI document the gateway publishes, read as JSON.
	 * @param path the document's path at the gateway ({@code /api-docs/<name>})
	 * @return the document
	 */
	static Map<String, Object> apiDocumentJson(String path) {
		return JsonMapper.builder().build().readValue(apiDocument(path), new TypeReference<Map<String, Object>>() {
		});
	}

	static WebTestClient client(int port) {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

}
