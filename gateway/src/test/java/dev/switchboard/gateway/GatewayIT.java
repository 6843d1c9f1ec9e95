package dev.switchboard.gateway;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import dev.switchboard.gateway.RecordingUpstream.Received;
import dev.switchboard.infra.ManagementSurface;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway against PostgreSQL with the demo tenants, in front of a recording upstream.
 */
class GatewayIT extends GatewayTestBase {

	@LocalManagementPort
	int managementPort;

	private static final String DEMO_KEY_ID = "00000000-0000-4000-8000-00000000de01";

	/** A demo key allowed to read orders, whose service is down in this test. */
	private static final String ORDERS_KEY = "sb_ordersk1.ordersreadsecret";

	private static final String MESSAGES_ONLY_KEY = "sb_msgonly1.messagesonlysecret";

	@Autowired
	private DatabaseClient database;

	@Autowired
	private ApplicationContext context;

	@BeforeEach
	void setUp() {
		insertKey("ordersk1", "ordersreadsecret", "demo", "ARRAY['orders:read']", "NULL", "NULL");
		insertKey("msgonly1", "messagesonlysecret", "demo", "ARRAY['messages:send','messages:read']", "NULL", "NULL");
		insertKey("revoked1", "revokedsecret", "demo", "ARRAY['messages:read']", "NULL", "now()");
		insertKey("expired1", "expiredsecret", "demo", "ARRAY['messages:read']", "now()", "NULL");
		this.database
			.sql("INSERT INTO tenants (id, name, status) VALUES ('paused', 'Paused', 'suspended') "
					+ "ON CONFLICT DO NOTHING")
			.then()
			.block();
		insertKey("paused01", "pausedsecret", "paused", "ARRAY['messages:read']", "NULL", "NULL");
	}

	@Test
	void requestWithoutKeyIsUnauthorized() {
		ResponseSpec response = this.client.get().uri("/api/v1/messages").exchange();

		expectProblem(response, HttpStatus.UNAUTHORIZED, "UNAUTHORIZED");
		response.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"switchboard\"");
		assertThat(upstream.receivedNothing()).isTrue();
	}

	@Test
	void requestWithOtherSchemeIsUnauthorized() {
		expectProblem(get("/api/v1/messages", "Basic ZGVtbzpkZW1v"), HttpStatus.UNAUTHORIZED, "UNAUTHORIZED");
	}

	@Test
	void malformedKeyIsRejected() {
		for (String key : List.of("Bearer demokey1.localdemosecret", "Bearer sb_demokey1", "Bearer sb_.secret12345",
				"Bearer sb_demokey1.")) {
			ResponseSpec response = get("/api/v1/messages", key);
			expectProblem(response, HttpStatus.UNAUTHORIZED, "INVALID_API_KEY");
			response.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"switchboard\"");
		}
		assertThat(upstream.receivedNothing()).isTrue();
	}

	@Test
	void wrongSecretIsRejected() {
		expectProblem(get("/api/v1/messages", "Bearer sb_demokey1.wrongdemosecret"), HttpStatus.UNAUTHORIZED,
				"INVALID_API_KEY");
		expectProblem(get("/api/v1/messages", "Bearer sb_nokey001.localdemosecret"), HttpStatus.UNAUTHORIZED,
				"INVALID_API_KEY");
		assertThat(upstream.receivedNothing()).isTrue();
	}

	@Test
	void revokedExpiredAndSuspendedKeysAreRejected() {
		expectProblem(get("/api/v1/messages", "Bearer sb_revoked1.revokedsecret"), HttpStatus.UNAUTHORIZED,
				"INVALID_API_KEY");
		expectProblem(get("/api/v1/messages", "Bearer sb_expired1.expiredsecret"), HttpStatus.UNAUTHORIZED,
				"INVALID_API_KEY");
		expectProblem(get("/api/v1/messages", "Bearer sb_paused01.pausedsecret"), HttpStatus.FORBIDDEN,
				"TENANT_SUSPENDED");
		assertThat(upstream.receivedNothing()).isTrue();
	}

	@Test
	void validKeyReachesUpstreamWithSignedIdentityOnly() {
		this.client.post()
			.uri("/api/v1/messages")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + DEMO_KEY)
			.header("X-Request-Id", "req-42")
			.header("X-Tenant-Id", "acme")
			.header("X-Switchboard-Tenant", "acme")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"to\":\"15550000002\",\"text\":\"hello\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Request-Id", "req-42")
			.expectBody()
			.json("{\"accepted\":true}");

		Received received = upstream.take();
		assertThat(received.method()).isEqualTo("POST");
		assertThat(received.uri()).isEqualTo("/api/v1/messages");
		assertThat(received.body()).isEqualTo("{\"to\":\"15550000002\",\"text\":\"hello\"}");
		assertThat(received.header("X-Tenant-Id")).isEmpty();
		assertThat(received.header("X-Switchboard-Tenant")).isEmpty();
		assertThat(received.header("X-Request-Id")).containsExactly("req-42");
		assertThat(received.header(HttpHeaders.AUTHORIZATION)).hasSize(1);
		String authorization = received.header(HttpHeaders.AUTHORIZATION).get(0);
		assertThat(authorization).startsWith("Bearer ").doesNotContain("sb_demokey1");

		Jwt jwt = ServiceSideTokenVerifier.verify(authorization.substring("Bearer ".length()), "messaging-service");
		assertThat(jwt.getClaimAsString("tenant_id")).isEqualTo("demo");
		assertThat(jwt.getClaimAsString("key_id")).isEqualTo(DEMO_KEY_ID);
		assertThat(jwt.getSubject()).isEqualTo(DEMO_KEY_ID);
		assertThat(jwt.getClaimAsString("scope").split(" ")).contains("messages:send", "messages:read", "orders:read")
			.doesNotContain("admin");
		assertThat(jwt.getClaimAsString("request_id")).isEqualTo("req-42");
		assertThat(Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt())).isEqualTo(Duration.ofSeconds(60));
		assertThat(jwt.getAudience()).containsExactly("messaging-service");
		assertThat(jwt.getHeaders()).containsEntry("alg", "ES256").containsEntry("kid", "local-1");
	}

	@Test
	void otherTenantsKeyActsForThatTenant() {
		get("/api/v1/messages/wamid.1", "Bearer sb_acmekey1.localacmesecret").expectStatus().isOk();

		Jwt jwt = ServiceSideTokenVerifier.verify(
				upstream.take().header(HttpHeaders.AUTHORIZATION).get(0).substring("Bearer ".length()),
				"messaging-service");
		assertThat(jwt.getClaimAsString("tenant_id")).isEqualTo("acme");
	}

	@Test
	void requestIdIsGeneratedEchoedAndForwarded() {
		ResponseSpec response = get("/api/v1/messages", "Bearer " + DEMO_KEY).expectStatus().isOk();

		Received received = upstream.take();
		assertThat(received.header("X-Request-Id")).hasSize(1);
		String requestId = received.header("X-Request-Id").get(0);
		assertThat(requestId).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
		assertThat(received.header("X-Correlation-Id")).containsExactly(requestId);
		response.expectHeader().valueEquals("X-Request-Id", requestId);
		response.expectHeader().valueEquals("X-Correlation-Id", requestId);
	}

	@Test
	void theServicesSharedWebLayerStaysOff() {
		// Its ids, problems and token verification would run beside the gateway's own.
		assertThat(Stream.of(WebFilter.class, WebExceptionHandler.class)
			.flatMap((type) -> this.context.getBeansOfType(type).values().stream())
			.map((bean) -> bean.getClass().getName())).noneMatch((name) -> name.startsWith("dev.switchboard.http."));
		assertThat(this.context.getBeanNamesForType(SecurityWebFilterChain.class)).isEmpty();
	}

	@Test
	void keyLackingScopeIsForbidden() {
		expectProblem(get("/api/v1/orders", "Bearer " + MESSAGES_ONLY_KEY), HttpStatus.FORBIDDEN, "INSUFFICIENT_SCOPE")
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("orders:read"));
		expectProblem(this.client.post()
			.uri("/api/v1/orders")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ORDERS_KEY)
			.exchange(), HttpStatus.FORBIDDEN, "INSUFFICIENT_SCOPE");
		// The inbox routes: conversations and contacts to read, conversations to act on.
		for (String path : List.of("/api/v1/conversations", "/api/v1/conversations/counts", "/api/v1/contacts",
				"/api/v1/tags")) {
			expectProblem(get(path, "Bearer " + MESSAGES_ONLY_KEY), HttpStatus.FORBIDDEN, "INSUFFICIENT_SCOPE")
				.jsonPath("$.detail")
				.value((String detail) -> assertThat(detail).contains("conversations:read"));
		}
		expectProblem(this.client.patch()
			.uri("/api/v1/conversations/{id}", "0f8fad5b-d9cb-469f-a165-70867728950e")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + MESSAGES_ONLY_KEY)
			.exchange(), HttpStatus.FORBIDDEN, "INSUFFICIENT_SCOPE").jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("conversations:write"));
		// The tag catalogue: changed (also deleted) with conversations:write, as a
		// conversation's tags are.
		for (String path : List.of("/api/v1/tags/0f8fad5b-d9cb-469f-a165-70867728950e",
				"/api/v1/conversations/0f8fad5b-d9cb-469f-a165-70867728950e/tags/vip")) {
			expectProblem(this.client.delete()
				.uri(path)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + MESSAGES_ONLY_KEY)
				.exchange(), HttpStatus.FORBIDDEN, "INSUFFICIENT_SCOPE").jsonPath("$.detail")
				.value((String detail) -> assertThat(detail).contains("conversations:write"));
		}
	}

	@Test
	void unreachableServiceIsUnavailable() {
		expectProblem(get("/api/v1/orders", "Bearer " + ORDERS_KEY), HttpStatus.SERVICE_UNAVAILABLE,
				"SERVICE_UNAVAILABLE");
	}

	@Test
	void slowServiceIsUnavailable() {
		expectProblem(get("/api/v1/messages/slow", "Bearer " + DEMO_KEY), HttpStatus.SERVICE_UNAVAILABLE,
				"SERVICE_UNAVAILABLE");
	}

	/**
	 * A conversation stream reaches the client as the service writes it (nothing
	 * buffered), and stays open past the route's response timeout (2 s here) while the
	 * service writes heartbeats: the timeout bounds silence, not a response's length.
	 */
	@Test
	void eventStreamsAreForwardedAsWrittenAndOutliveTheResponseTimeout() {
		ConcurrentLinkedQueue<ServerSentEvent<String>> events = new ConcurrentLinkedQueue<>();
		Disposable reading = WebClient.create("http://localhost:" + this.port)
			.get()
			.uri("/api/v1/conversations/stream")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + DEMO_KEY)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.subscribe(events::add);
		try {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> events.stream().anyMatch((event) -> "first".equals(event.event())));
			// Seven heartbeats, 500 ms apart: open for longer than the response timeout.
			await().atMost(Duration.ofSeconds(15))
				.until(() -> events.stream().filter((event) -> event.comment() != null).count() >= 7);
			upstream.releaseStream();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> events.stream().anyMatch((event) -> "last".equals(event.event())));
		}
		finally {
			reading.dispose();
		}
	}

	@Test
	void unknownRouteIsNotFound() {
		expectProblem(get("/api/v1/unknown", "Bearer " + DEMO_KEY), HttpStatus.NOT_FOUND, "NOT_FOUND")
			.jsonPath("$.requestId")
			.exists();
	}

	@Test
	void lastUseOfKeyIsRecorded() {
		get("/api/v1/messages", "Bearer sb_acmekey1.localacmesecret").expectStatus().isOk();

		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.database.sql("SELECT last_used_at FROM api_keys WHERE prefix = 'acmekey1'")
				.map((row) -> row.get("last_used_at") != null)
				.one()
				.block());
	}

	@Test
	void probesArePublicAndMetricsOnlyOnTheManagementPort() {
		this.client.get()
			.uri("/readyz")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
		ManagementSurface.assertSeparated(this.port, this.managementPort);
	}

	@Test
	void theIdentityTokensPublicKeysArePublishedWithoutTheirPrivateHalf() {
		this.client.get()
			.uri("http://localhost:" + this.managementPort + "/actuator/jwks")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.keys.length()")
			.isEqualTo(1)
			.jsonPath("$.keys[0].kid")
			.isEqualTo("local-1")
			.jsonPath("$.keys[0].kty")
			.isEqualTo("EC")
			.jsonPath("$.keys[0].crv")
			.isEqualTo("P-256")
			.jsonPath("$.keys[0].alg")
			.isEqualTo("ES256")
			.jsonPath("$.keys[0].x")
			.exists()
			.jsonPath("$.keys[0].d")
			.doesNotExist();
	}

	private ResponseSpec get(String path, String authorization) {
		return this.client.get().uri(path).header(HttpHeaders.AUTHORIZATION, authorization).exchange();
	}

	private void insertKey(String prefix, String secret, String tenant, String scopes, String expiresAt,
			String revokedAt) {
		this.database
			.sql("INSERT INTO api_keys (tenant_id, prefix, secret_hash, name, scopes, expires_at, revoked_at) "
					+ "VALUES (:tenant, :prefix, sha256(convert_to(:secret, 'UTF8')), 'Test key', " + scopes + ", "
					+ expiresAt + ", " + revokedAt + ") ON CONFLICT (prefix) DO NOTHING")
			.bind("tenant", tenant)
			.bind("prefix", prefix)
			.bind("secret", secret)
			.then()
			.block();
	}

}
