package dev.switchboard.gateway;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient.RequestBodySpec;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One path, one decision: every spelling of a path that a router could read otherwise
 * than an access rule is refused with 400 before any route or key check, whoever asks and
 * however; what the router would match is what the access rule judged.
 */
class PathVariantsIT extends GatewayTestBase {

	/**
	 * Paths that hide the operator API (or climb to it) from a check on the raw string.
	 */
	static final List<String> AMBIGUOUS = List.of("/%61dmin/v1/tenants", "/%2561dmin/v1/tenants",
			"/admin;x=1/v1/tenants", "/admin/v1;/tenants", "/admin/%761/tenants", "/api/v1/../../admin/v1/tenants",
			"/admin/./v1/tenants", "/%41DMIN/v1/tenants", "/%41dmin/v1/tenants/acme/keys", "/admin%2Fv1/tenants",
			"/admin%2fv1/tenants", "//admin/v1/tenants", "/admin//v1/tenants",
			"/api/v1/messages/%2e%2e/%2E%2E/%2e%2e/admin/v1/tenants", "/api/v1/messages;jsessionid=1/m1",
			"/api-docs/..;/admin/v1/tenants", "/admin%5Cv1/tenants", "/api/v1/messages/m1%00", "/api/v1/messages/m1%0a",
			"/admin/v1/tenants/acme/keys/%2e", "/%2e/admin/v1/tenants", "/api/v1/%6Dessages/m1",
			"/admin/v1/tenants/%252e%252e/tenants", "/api/v1/%6Beys", "/api/v1/agents;role=ADMIN/a1",
			"/api/v1/conversations/c1/%2e%2e/%2e%2e/keys", "/api/v1/contacts/..;/queues", "/api/v1/%74ags/t1",
			"/api/v1/tags/..;/agents");

	@Autowired
	private DatabaseClient database;

	@Test
	void ambiguousPathsAreRefusedWhoeverAsksAndHowever() {
		long keysBefore = acmeKeys();
		List<String> answered = new ArrayList<>();
		for (String path : AMBIGUOUS) {
			for (String key : new String[] { null, DEMO_KEY, OPERATOR_KEY }) {
				for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.POST)) {
					ResponseSpec response = send(method, path, key);
					answered.add(method + " " + path + " " + (key == null ? "no key" : key.substring(0, 8)));
					expectProblem(response, HttpStatus.BAD_REQUEST, "INVALID_PATH");
				}
			}
		}
		assertThat(answered).hasSize(AMBIGUOUS.size() * 6);
		assertThat(upstream.receivedNothing()).isTrue();
		assertThat(acmeKeys()).isEqualTo(keysBefore);
	}

	@Test
	void theOperatorAreaIsJudgedAsTheRouterReadsIt() {
		// Any spelling of the area's name is the operator area, whether or not a route
		// matches it.
		expectProblem(send(HttpMethod.GET, "/ADMIN/v1/tenants", null), HttpStatus.UNAUTHORIZED, "UNAUTHORIZED");
		expectProblem(send(HttpMethod.GET, "/Admin/v1/tenants", DEMO_KEY), HttpStatus.FORBIDDEN, "INSUFFICIENT_SCOPE");
		expectProblem(send(HttpMethod.GET, "/admin", null), HttpStatus.UNAUTHORIZED, "UNAUTHORIZED");
		expectProblem(send(HttpMethod.GET, "/admin/v1/tenants", DEMO_KEY), HttpStatus.FORBIDDEN, "INSUFFICIENT_SCOPE");
		send(HttpMethod.GET, "/admin/v1/tenants", OPERATOR_KEY).expectStatus().isOk();
	}

	@Test
	void escapesThatAPathNeedsStillWork() {
		send(HttpMethod.GET, "/api/v1/messages/%2B972500000001", DEMO_KEY).expectStatus().isOk();
		send(HttpMethod.GET, "/api/v1/messages/a%20b?phone=%2B972500000001", DEMO_KEY).expectStatus().isOk();
		assertThat(upstream.take().uri()).endsWith("/api/v1/messages/%2B972500000001");
		assertThat(upstream.take().uri()).contains("/api/v1/messages/a%20b");
	}

	private ResponseSpec send(HttpMethod method, String path, String key) {
		RequestBodySpec request = this.client.method(method).uri(URI.create("http://localhost:" + this.port + path));
		if (key != null) {
			request.header(HttpHeaders.AUTHORIZATION, "Bearer " + key);
		}
		if (method == HttpMethod.POST) {
			return request.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"name\":\"x\",\"scopes\":[\"messages:read\"],\"id\":\"x\"}")
				.exchange();
		}
		return request.exchange();
	}

	private long acmeKeys() {
		return this.database.sql("SELECT count(*) AS n FROM api_keys WHERE tenant_id = 'acme'")
			.map((row) -> row.get("n", Long.class))
			.one()
			.block();
	}

}
