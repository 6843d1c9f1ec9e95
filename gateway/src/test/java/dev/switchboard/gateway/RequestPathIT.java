package dev.switchboard.gateway;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import dev.switchboard.gateway.RecordingUpstream.Received;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The request path: tenant isolation on every route family, body limits, rate limit
 * headers and refusals, the order system's compatibility route, security headers, CORS
 * and the circuit breaker.
 */
class RequestPathIT extends GatewayTestBase {

	/** A demo key holding every tenant scope. */
	private static final String ALL_KEY = "sb_demoall1.demoallsecret";

	private static final String LIMITED_KEY = "sb_demolim1.demolimsecret";

	private static final String VIZI_KEY = "sb_demovizi1.demovizisecret";

	/** Each route family and the service behind it, the audience of its token. */
	private static final Map<String, String> FAMILIES = Map.of("/api/v1/messages/m1", "messaging-service",
			"/api/v1/conversations/c1", "messaging-service", "/api/v1/agents/a1", "messaging-service",
			"/api/v1/queues/q1", "messaging-service", "/api/v1/tags/t1", "messaging-service", "/api/v1/templates/t1",
			"template-service", "/api/v1/workflows/w1", "workflow-service", "/api/v1/runs/r1", "workflow-service");

	/** Route families that take puts too. */
	private static final List<String> PUTTABLE_FAMILIES = List.of("/api/v1/workflows/w1");

	/** Route families that take deletes too. */
	private static final List<String> DELETABLE_FAMILIES = List.of("/api/v1/tags/t1");

	/** Route families that take reads only. */
	private static final Map<String, String> READ_ONLY_FAMILIES = Map.of("/api/v1/contacts/c1", "messaging-service");

	/** APIs that no service serves yet: no route leads there. */
	private static final List<String> UNSERVED = List.of("/api/v1/stats/daily");

	@Autowired
	private DatabaseClient database;

	@BeforeEach
	void keys() {
		insertKey("demoall1", "demoallsecret",
				"ARRAY['messages:send','messages:read','conversations:read','conversations:write','orders:read',"
						+ "'orders:write','templates:read','templates:write','workflows:read','workflows:write',"
						+ "'stats:read','webhook:vizi']",
				"NULL");
		insertKey("demolim1", "demolimsecret", "ARRAY['messages:read']", "'[\"3/1d\"]'::jsonb");
		insertKey("demovizi1", "demovizisecret", "ARRAY['webhook:vizi']", "NULL");
	}

	@Test
	void everyRouteFamilyActsForTheKeysTenantWhateverTheRequestClaims() {
		Map<String, String> families = new HashMap<>(FAMILIES);
		families.putAll(READ_ONLY_FAMILIES);
		for (String path : families.keySet()) {
			List<HttpMethod> methods = READ_ONLY_FAMILIES.containsKey(path) ? List.of(HttpMethod.GET)
					: DELETABLE_FAMILIES.contains(path) ? List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE)
							: PUTTABLE_FAMILIES.contains(path)
									? List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT)
									: List.of(HttpMethod.GET, HttpMethod.POST);
			for (HttpMethod method : methods) {
				this.client.method(method)
					.uri(path + "?tenant_id=acme&tenantId=acme")
					.header(HttpHeaders.AUTHORIZATION, "Bearer " + ALL_KEY)
					.header("X-Tenant-Id", "acme")
					.header("X-Switchboard-Tenant-Id", "acme")
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue("{\"tenant_id\":\"acme\",\"tenantId\":\"acme\",\"text\":\"hi\"}")
					.exchange()
					.expectStatus()
					.isOk();
				Received received = upstream.take();
				String forwarded = received.header(HttpHeaders.AUTHORIZATION).get(0).substring("Bearer ".length());
				Jwt token = ServiceSideTokenVerifier.verify(forwarded, families.get(path));
				assertThat(token.getClaimAsString("tenant_id")).as(method + " " + path).isEqualTo("demo");
				assertThat(token.getAudience()).as(method + " " + path).containsExactly(families.get(path));
				assertThatExceptionOfType(JwtException.class).as("another service refuses it")
					.isThrownBy(() -> ServiceSideTokenVerifier.verify(forwarded, "order-service"));
				assertThat(received.header("X-Tenant-Id")).isEmpty();
				assertThat(received.header("X-Switchboard-Tenant-Id")).isEmpty();
			}
		}
	}

	@Test
	void routesToApisThatNoServiceServesAreGone() {
		for (String path : UNSERVED) {
			for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE)) {
				expectProblem(this.client.method(method)
					.uri(path)
					.header(HttpHeaders.AUTHORIZATION, "Bearer " + ALL_KEY)
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue("{}")
					.exchange(), HttpStatus.NOT_FOUND, "NOT_FOUND");
			}
		}
		for (HttpMethod method : List.of(HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)) {
			expectProblem(this.client.method(method)
				.uri("/api/v1/messages/m1")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + ALL_KEY)
				.exchange(), HttpStatus.NOT_FOUND, "NOT_FOUND");
		}
		for (HttpMethod method : List.of(HttpMethod.POST, HttpMethod.PATCH, HttpMethod.DELETE)) {
			expectProblem(this.client.method(method)
				.uri("/api/v1/contacts/c1")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + ALL_KEY)
				.exchange(), HttpStatus.NOT_FOUND, "NOT_FOUND");
		}
		assertThat(upstream.receivedNothing()).isTrue();
	}

	@Test
	void otherTenantsKeyWithoutTheScopeIsForbiddenOnEveryOtherFamily() {
		expectProblem(this.client.get()
			.uri("/api/v1/orders/o1")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ACME_KEY)
			.exchange(), HttpStatus.FORBIDDEN, "INSUFFICIENT_SCOPE");
		expectProblem(this.client.post()
			.uri("/api/v1/webhooks/vizi/orders")
			.header("X-API-Key", ACME_KEY)
			.bodyValue("{}")
			.exchange(), HttpStatus.FORBIDDEN, "INSUFFICIENT_SCOPE");
		assertThat(upstream.receivedNothing()).isTrue();
	}

	@Test
	void oversizedBodiesAreRefusedWith413() {
		byte[] large = new byte[70 * 1024];
		Arrays.fill(large, (byte) 97);
		expectProblem(this.client.post()
			.uri("/api/v1/messages")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + DEMO_KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(large)
			.exchange(), HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE");
		Flux<DataBuffer> chunked = Flux.range(0, 70)
			.map((i) -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[1024]));
		expectProblem(this.client.post()
			.uri("/api/v1/messages")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + DEMO_KEY)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.body(chunked, DataBuffer.class)
			.exchange(), HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE");
		expectProblem(this.client.post()
			.uri("/admin/v1/tenants")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(large)
			.exchange(), HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE");
	}

	@Test
	void rateLimitsAreAnnouncedAndEnforced() {
		ResponseSpec first = get("/api/v1/messages", DEMO_KEY).expectStatus().isOk();
		first.expectHeader().valueEquals("RateLimit-Limit", "50").expectHeader().exists("RateLimit-Remaining");
		first.expectHeader().exists("RateLimit-Reset");

		for (int i = 0; i < 3; i++) {
			get("/api/v1/messages", LIMITED_KEY).expectStatus().isOk();
		}
		ResponseSpec refused = get("/api/v1/messages", LIMITED_KEY);
		expectProblem(refused, HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED");
		refused.expectHeader().exists(HttpHeaders.RETRY_AFTER).expectHeader().valueEquals("RateLimit-Remaining", "0");
		refused.expectHeader().valueEquals("RateLimit-Limit", "3");
		// The refusing window is the tightest one: retry once it starts over, within the
		// day.
		refused.expectHeader().value(HttpHeaders.RETRY_AFTER, (retry) -> {
			assertThat(Long.parseLong(retry)).isBetween(1L, 86_400L);
			refused.expectHeader().valueEquals("RateLimit-Reset", retry);
		});
	}

	@Test
	void orderSystemWebhooksAreForwardedToIngestWithTheIdentityToken() {
		String body = "{\"id\":\"order-1\",\"tenant_id\":\"acme\"}";
		this.client.post()
			.uri("/api/v1/webhooks/vizi/orders")
			.header("X-API-Key", VIZI_KEY)
			.header("webhook-id", "msg_1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk();
		Received received = upstream.take();
		assertThat(received.uri()).isEqualTo("/api/v1/webhooks/vizi/orders");
		assertThat(received.body()).isEqualTo(body);
		assertThat(received.header("X-API-Key")).isEmpty();
		assertThat(received.header("webhook-id")).containsExactly("msg_1");
		Jwt token = ServiceSideTokenVerifier
			.verify(received.header(HttpHeaders.AUTHORIZATION).get(0).substring("Bearer ".length()), "webhook-ingest");
		assertThat(token.getClaimAsString("tenant_id")).isEqualTo("demo");
		assertThat(token.getClaimAsString("scope")).isEqualTo("webhook:vizi");

		this.client.post()
			.uri("/api/v1/webhooks/vizi/orders")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + VIZI_KEY)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk();
		upstream.take();
		expectProblem(this.client.post()
			.uri("/api/v1/webhooks/vizi/orders")
			.header("X-API-Key", DEMO_KEY)
			.bodyValue(body)
			.exchange(), HttpStatus.FORBIDDEN, "INSUFFICIENT_SCOPE");
	}

	@Test
	void answersCarrySecurityHeaders() {
		for (ResponseSpec response : List.of(get("/api/v1/messages", DEMO_KEY), get("/api/v1/messages", "sb_x.y"))) {
			response.expectHeader()
				.valueEquals("X-Content-Type-Options", "nosniff")
				.expectHeader()
				.valueEquals("X-Frame-Options", "DENY")
				.expectHeader()
				.exists("Strict-Transport-Security")
				.expectHeader()
				.exists("Content-Security-Policy")
				.expectHeader()
				.valueEquals("Referrer-Policy", "no-referrer");
		}
	}

	@Test
	void corsAllowsOnlyConfiguredOrigins() {
		this.client.options()
			.uri("/api/v1/messages")
			.header(HttpHeaders.ORIGIN, "https://app.example.com")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://app.example.com");
		this.client.options()
			.uri("/api/v1/messages")
			.header(HttpHeaders.ORIGIN, "https://evil.example.com")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void failingServiceTripsItsRoutesBreaker() {
		insertKey("ordersk2", "ordersreadsecret2", "ARRAY['orders:read']", "NULL");
		for (int i = 0; i < 4; i++) {
			expectProblem(get("/api/v1/orders/o1", "sb_ordersk2.ordersreadsecret2"), HttpStatus.SERVICE_UNAVAILABLE,
					"SERVICE_UNAVAILABLE");
		}
		ResponseSpec open = get("/api/v1/orders/o1", "sb_ordersk2.ordersreadsecret2");
		expectProblem(open, HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE").jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("paused"));
		open.expectHeader().exists(HttpHeaders.RETRY_AFTER);
		// Other routes are not affected.
		get("/api/v1/messages", DEMO_KEY).expectStatus().isOk();
	}

	private ResponseSpec get(String path, String key) {
		return this.client.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + key).exchange();
	}

	private void insertKey(String prefix, String secret, String scopes, String rateLimits) {
		this.database
			.sql("INSERT INTO api_keys (tenant_id, prefix, secret_hash, name, scopes, rate_limits) "
					+ "VALUES ('demo', :prefix, sha256(convert_to(:secret, 'UTF8')), 'Test key', " + scopes + ", "
					+ rateLimits + ") ON CONFLICT (prefix) DO NOTHING")
			.bind("prefix", prefix)
			.bind("secret", secret)
			.then()
			.block();
	}

}
