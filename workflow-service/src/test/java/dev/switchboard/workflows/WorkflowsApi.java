package dev.switchboard.workflows;

import java.time.Duration;
import java.util.Map;

import dev.switchboard.http.security.TestTokens;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The workflow API as a test calls it, with tokens minted like the gateway's. */
final class WorkflowsApi {

	static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
	};

	private static final String AUDIENCE = "workflow-service";

	private final WebTestClient client;

	WorkflowsApi(int port) {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	WebTestClient.ResponseSpec get(String tenantId, String path) {
		return this.client.get()
			.uri(path)
			.header("Authorization", TestTokens.bearer(AUDIENCE, tenantId, "workflows:read workflows:write"))
			.exchange();
	}

	WebTestClient.ResponseSpec send(String method, String tenantId, String path, String scope, String json) {
		WebTestClient.RequestBodySpec request = this.client.method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(path)
			.header("Authorization", TestTokens.bearer(AUDIENCE, tenantId, scope));
		return (json != null) ? request.contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange()
				: request.exchange();
	}

	WebTestClient.ResponseSpec post(String tenantId, String path, String json) {
		return send("POST", tenantId, path, "workflows:read workflows:write", json);
	}

	WebTestClient.ResponseSpec put(String tenantId, String path, String json) {
		return send("PUT", tenantId, path, "workflows:read workflows:write", json);
	}

	Map<String, Object> json(String tenantId, String path) {
		return get(tenantId, path).expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
	}

	/** Creates a workflow; returns its id. */
	String create(String tenantId, String definition) {
		Map<String, Object> created = post(tenantId, "/api/v1/workflows", definition).expectStatus()
			.isCreated()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
		return (String) created.get("id");
	}

}
