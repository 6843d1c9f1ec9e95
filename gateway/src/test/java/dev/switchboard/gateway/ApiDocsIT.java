package dev.switchboard.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API documentation served behind authentication; its Swagger UI page opens without a
 * key.
 */
class ApiDocsIT extends GatewayTestBase {

	@Test
	void documentationNeedsAKey() {
		expectProblem(this.client.get().uri("/api-docs").exchange(), HttpStatus.UNAUTHORIZED, "UNAUTHORIZED");
		expectProblem(this.client.get().uri("/api-docs/gateway").exchange(), HttpStatus.UNAUTHORIZED, "UNAUTHORIZED");
	}

	@Test
	void indexGatewayDocumentServiceDocumentsAndUi() {
		this.client.get()
			.uri("/api-docs")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + DEMO_KEY)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.specs[0].name")
			.isEqualTo("gateway");
		this.client.get()
			.uri("/api-docs/gateway")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + DEMO_KEY)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.openapi")
			.isEqualTo("3.1.0")
			.jsonPath("$.paths['/admin/v1/tenants']")
			.exists()
			.jsonPath("$.servers[0].url")
			.isEqualTo("/");
		// The recording upstream stands in for the messaging service's /v3/api-docs; its
		// operations are reached through the gateway, the only server the document names.
		this.client.get()
			.uri("/api-docs/messaging")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + DEMO_KEY)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.securitySchemes.apiKey.scheme")
			.isEqualTo("bearer")
			.jsonPath("$.security[0].apiKey")
			.isArray()
			.jsonPath("$.servers.length()")
			.isEqualTo(1)
			.jsonPath("$.servers[0].url")
			.isEqualTo("/");
		assertThat(upstream.take().uri()).isEqualTo("/v3/api-docs");
		expectProblem(this.client.get()
			.uri("/api-docs/orders")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + DEMO_KEY)
			.exchange(), HttpStatus.SERVICE_UNAVAILABLE, "SPEC_UNAVAILABLE");
		String page = this.client.get()
			.uri("/api-docs/ui")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(page).contains("/api-docs/ui/swagger-ui-bundle.js", "/api-docs/ui/swagger-initializer.js");
		String initializer = this.client.get()
			.uri("/api-docs/ui/swagger-initializer.js")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(initializer).contains("SwaggerUIBundle", "/api-docs/gateway", "/api-docs/messaging");
		this.client.get()
			.uri("/api-docs/ui/swagger-ui.css")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith("text/css");
	}

}
