package dev.switchboard.orders;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.switchboard.http.security.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request the API cannot use as given is refused with a code naming the field, never
 * narrowed or widened silently: unknown enum values list the allowed ones, unreadable
 * filters, page sizes and cursors are 400s, malformed bodies name the field, and a body
 * cannot move an order to another tenant or status.
 */
class RequestValidationIT extends IntegrationSetup {

	@Test
	void aPhoneThatCannotBeReadIsRefusedNotDropped() {
		receive("acme", viziOrder("SE250201V1", "se", "+46", "0701234571", "sek", false));
		this.api.awaitOrder("acme", orderId("acme", "SE250201V1"), (order) -> true);
		for (String phone : List.of("abc", "123", "+46 70 abc 4571", "0701234571")) {
			problem("/api/v1/orders?phone=" + phone, "INVALID_PHONE").jsonPath("$.field").isEqualTo("phone");
		}
		// Any punctuation of an international number finds the order.
		assertThat(orders("/api/v1/orders?phone=0046-70-123-45-71")).singleElement()
			.satisfies((order) -> assertThat(order).containsEntry("externalOrderId", "SE250201V1"));
	}

	@Test
	void unknownEnumValuesListTheAllowedOnes() {
		problem("/api/v1/orders?status=bogus", "INVALID_STATUS").jsonPath("$.field")
			.isEqualTo("status")
			.jsonPath("$.allowed")
			.value((allowed) -> assertThat(allowed.toString()).contains("received", "confirmed", "sync_failed"))
			.jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).contains("'bogus'", "confirm_failed"));
		problem("/api/v1/orders?branch=atlantis", "INVALID_BRANCH").jsonPath("$.allowed")
			.isEqualTo(List.of("co", "il", "kz", "ro", "ru", "se"));
		// Upper case is the same value.
		assertThat(orders("/api/v1/orders?status=RECEIVED&branch=SE")).isNotNull();
	}

	@Test
	void pageSizesCursorsNumbersAndDatesThatCannotBeReadAreProblemsWithCodes() {
		for (String limit : List.of("101", "0", "-1", "abc", "1e3")) {
			problem("/api/v1/orders?limit=" + limit, "INVALID_LIMIT").jsonPath("$.max").isEqualTo(100);
		}
		for (String cursor : List.of("garbage", "AAAA", "%25%25%25", "fHw")) {
			problem("/api/v1/orders?cursor=" + cursor, "INVALID_CURSOR");
		}
		problem("/api/v1/orders?minAmount=abc", "INVALID_MIN_AMOUNT");
		problem("/api/v1/orders?maxAmount=1e99999999", "INVALID_MAX_AMOUNT");
		problem("/api/v1/orders?createdFrom=yesterday", "INVALID_CREATED_FROM");
		problem("/api/v1/orders?createdTo=2026-13-01T00:00:00Z", "INVALID_CREATED_TO");
		problem("/api/v1/orders?stauts=received", "UNKNOWN_PARAMETER").jsonPath("$.field").isEqualTo("stauts");
		problem("/api/v1/orders?minAmount=10&maxAmount=5", "VALIDATION_FAILED");
	}

	@Test
	void aBatchFilterThatCannotBeReadIsRefusedBeforeAnyOrderIsTouched() {
		for (Map<String, Object> filter : List.of(Map.<String, Object>of("phone", "abc"),
				Map.<String, Object>of("branch", "atlantis"), Map.<String, Object>of("status", "bogus"))) {
			this.api.post("acme", "/api/v1/orders/batches", Map.of("operation", "retry_sync", "filter", filter))
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.code")
				.value((code) -> assertThat((String) code).isIn("INVALID_PHONE", "INVALID_BRANCH", "INVALID_STATUS"));
		}
		malformed("/api/v1/orders/batches", "{\"operation\":\"retry_sync\",\"filter\":\"all\"}").jsonPath("$.detail")
			.isEqualTo("Field 'filter' must be an object")
			.jsonPath("$.field")
			.isEqualTo("filter");
	}

	@Test
	void malformedBodiesNameTheFieldAndTheReason() {
		malformed("/api/v1/orders/retry-sync", "{\"orderIds\":\"one\"}").jsonPath("$.field")
			.isEqualTo("orderIds")
			.jsonPath("$.detail")
			.isEqualTo("Field 'orderIds' must be an array");
		malformed("/api/v1/orders/retry-sync", "{\"orderIds\":[{\"id\":1}]}").jsonPath("$.field")
			.isEqualTo("orderIds[0]");
		malformed("/api/v1/orders/retry-sync", "{\"orderIds\":[\"a\",").jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).startsWith("The JSON body ends too early"));
		malformed("/api/v1/orders/retry-sync", "{orderIds: 1}").jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).startsWith("The request body is not valid JSON at line 1"));
		malformed("/api/v1/orders/retry-sync", "[\"a\"]").jsonPath("$.detail")
			.isEqualTo("The request body must be an object");
		malformed("/api/v1/orders/retry-sync", "").jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).startsWith("The request body is"));
		byte[] invalidUtf8 = "{\"orderIds\":[\"\u0000\"]}".getBytes(StandardCharsets.UTF_8);
		invalidUtf8[14] = (byte) 0xC3;
		malformed("/api/v1/orders/retry-sync", invalidUtf8).jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).startsWith("The request body is not valid UTF-8"));
	}

	@Test
	void aBodyCannotChooseTheTenantOrTheStatus() {
		receive("demo", viziOrder("RO250201V2", "ro", "+40", "0721000121", "ron", false));
		String id = orderId("demo", "RO250201V2");
		this.api.awaitStatus("demo", id, "received");
		Map<String, Object> sneaky = Map.of("tenantId", "demo", "tenant_id", "demo", "status", "cancelled");
		this.api.post("acme", "/api/v1/orders/" + id + "/complete", Map.of("reason", "mine now", "tenantId", "demo"))
			.expectStatus()
			.isNotFound();
		Map<String, Object> body = new java.util.HashMap<>(sneaky);
		body.put("reason", "visa issued");
		body.put("tenantId", "acme");
		body.put("tenant_id", "acme");
		assertThat(this.api.postJson("demo", "/api/v1/orders/" + id + "/complete", body)).containsEntry("outcome",
				"accepted");
		assertThat(this.api.order("demo", id)).containsEntry("status", "completed")
			.containsEntry("reason", "visa issued");
		this.api.get("acme", "/api/v1/orders/" + id).expectStatus().isNotFound();
	}

	private WebTestClient.BodyContentSpec problem(String path, String code) {
		return this.api.get("acme", path)
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo(code);
	}

	private WebTestClient.BodyContentSpec malformed(String path, Object body) {
		WebTestClient.BodyContentSpec answer = this.api.client()
			.post()
			.uri(path)
			.header("Authorization", TestTokens.bearer("order-service", "acme", "orders:read orders:write"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue((body instanceof String text) ? text.getBytes(StandardCharsets.UTF_8) : body)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody();
		return answer.jsonPath("$.code")
			.isEqualTo("MALFORMED_REQUEST")
			.jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).doesNotContain("BAD_REQUEST")
				.doesNotContain("Exception")
				.doesNotContain("dev.switchboard"));
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> orders(String path) {
		return (List<Map<String, Object>>) this.api.json("acme", path).get("orders");
	}

}
