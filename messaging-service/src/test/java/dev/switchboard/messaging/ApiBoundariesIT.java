package dev.switchboard.messaging;

import java.util.Map;

import dev.switchboard.events.Uuids;
import dev.switchboard.http.security.TestTokens;
import dev.switchboard.infra.ManagementSurface;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

/**
 * What the API refuses, and how: missing or bad tokens, missing scopes, invalid requests;
 * all as problem details with a stable code.
 */
class ApiBoundariesIT extends IntegrationSetup {

	@Test
	void requestsWithoutAValidTokenAreUnauthorizedProblems() {
		this.api.client()
			.post()
			.uri("/api/v1/messages")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("to", "+972500000001", "text", "hi"))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.exists("X-Request-Id")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UNAUTHORIZED");
		this.api.client()
			.get()
			.uri("/api/v1/messages/{id}", Uuids.random())
			.header("Authorization", "Bearer not-a-token")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UNAUTHORIZED");
	}

	@Test
	void eachOperationNeedsItsScope() {
		this.api.client()
			.post()
			.uri("/api/v1/messages")
			.header("Authorization", TestTokens.bearer("messaging-service", "demo", "messages:read"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("to", "+972500000001", "text", "hi"))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("INSUFFICIENT_SCOPE");
		this.api.client()
			.get()
			.uri("/api/v1/messages/{id}", Uuids.random())
			.header("Authorization", TestTokens.bearer("messaging-service", "demo", "messages:send"))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("INSUFFICIENT_SCOPE");
	}

	@Test
	void anInvalidNumberIsAnInvalidPhoneProblem() {
		this.api.post("demo", Map.of("to", "0500000001", "text", "hi"), null)
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("INVALID_PHONE");
	}

	@Test
	void invalidFieldsAreListed() {
		this.api.post("demo", Map.of("to", "+972500000001", "text", ""), null)
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo("text");
	}

	@Test
	void anUnknownChannelIsRefused() {
		this.api.post("demo", Map.of("to", "+972500000001", "text", "hi", "channelId", "acme-meta"), null)
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UNKNOWN_CHANNEL");
	}

	@Test
	void malformedJsonIsAProblemToo() {
		this.api.post("demo", "{not json", null)
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("MALFORMED_REQUEST");
	}

	@Test
	void unknownIdsAndRoutesAreNotFoundProblems() {
		this.api.get("demo", "not-a-uuid")
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("NOT_FOUND");
		this.api.get("demo", Uuids.random().toString())
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("NOT_FOUND");
		this.api.client()
			.get()
			.uri("/api/v1/nothing-here")
			.header("Authorization", TestTokens.bearer("messaging-service", "demo", MessagingApi.ALL_SCOPES))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("NOT_FOUND");
	}

	@Test
	void probesArePublicAndMetricsOnlyOnTheManagementPort() {
		ManagementSurface.assertSeparated(this.port, this.managementPort);
	}

}
