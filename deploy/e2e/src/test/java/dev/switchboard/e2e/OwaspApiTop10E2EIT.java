package dev.switchboard.e2e;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.switchboard.infra.ManagementSurface;
import dev.switchboard.local.LocalIdentityTokens;
import dev.switchboard.local.LocalStack;
import dev.switchboard.local.ServiceProcess;
import dev.switchboard.simulators.FaultRule;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

import static dev.switchboard.e2e.GatewayCalls.ACME_KEY;
import static dev.switchboard.e2e.GatewayCalls.DEMO_KEY;
import static dev.switchboard.e2e.GatewayCalls.OPERATOR_KEY;
import static dev.switchboard.e2e.GatewayCalls.acceptedOrder;
import static dev.switchboard.e2e.GatewayCalls.call;
import static dev.switchboard.e2e.GatewayCalls.client;
import static dev.switchboard.e2e.GatewayCalls.expectProblem;
import static dev.switchboard.e2e.GatewayCalls.issueKey;
import static dev.switchboard.e2e.GatewayCalls.json;
import static dev.switchboard.e2e.GatewayCalls.sendTemplate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The OWASP API Security Top 10 (2023), one test per item, against the real processes of
 * the local stack. Each test proves the item's main promise end to end; the module tests
 * named in docs/security.md prove its details.
 */
@ExtendWith(E2EStack.class)
class OwaspApiTop10E2EIT {

	private static LocalStack stack;

	private static WebTestClient gateway;

	@BeforeAll
	static void clients() {
		stack = E2EStack.stack();
		gateway = GatewayCalls.open(stack);
	}

	@Test
	void api1AnotherTenantsIdIsNotFoundOnEveryEndpointThatTakesAnId() {
		String messageId = sendTemplate(DEMO_KEY, "owasp-api1-" + UUID.randomUUID());
		String orderId = acceptedOrder("OWASP", "0700000001");
		String batchId = (String) json(call(HttpMethod.POST, "/api/v1/orders/batches", DEMO_KEY,
				Map.of("operation", "retry_sync", "filter", Map.of("minAmount", 999999999)))
			.expectStatus()
			.isAccepted()).get("id");
		String acmeKey = "Bearer "
				+ issueKey("acme", List.of("messages:read", "messages:send", "orders:read", "orders:write")).get("key");

		for (String path : List.of("/api/v1/messages/" + messageId, "/api/v1/orders/" + orderId,
				"/api/v1/orders/" + orderId + "/history", "/api/v1/orders/batches/" + batchId)) {
			call(HttpMethod.GET, path, DEMO_KEY).expectStatus().isOk();
			expectProblem(call(HttpMethod.GET, path, acmeKey), HttpStatus.NOT_FOUND);
		}
		for (String action : List.of("cancel", "complete", "retry-sync", "resend-confirmation")) {
			expectProblem(call(HttpMethod.POST, "/api/v1/orders/" + orderId + "/" + action, acmeKey, Map.of()),
					HttpStatus.NOT_FOUND);
		}
		call(HttpMethod.GET, "/api/v1/orders/" + orderId, DEMO_KEY).expectBody()
			.jsonPath("$.status")
			.value((status) -> assertThat(status).isNotEqualTo("cancelled"));

		// Keys and channels: the operator API addresses them under their tenant.
		String demoKeyId = "00000000-0000-4000-8000-00000000de01";
		expectProblem(
				call(HttpMethod.POST, "/admin/v1/tenants/acme/keys/" + demoKeyId + "/revoke", OPERATOR_KEY, Map.of()),
				HttpStatus.NOT_FOUND);
		expectProblem(
				call(HttpMethod.POST, "/admin/v1/tenants/acme/keys/" + demoKeyId + "/rotate", OPERATOR_KEY, Map.of()),
				HttpStatus.NOT_FOUND);
		call(HttpMethod.GET, "/api/v1/messages/" + messageId, DEMO_KEY).expectStatus().isOk();
		ResponseSpec stolenNumber = call(HttpMethod.POST, "/admin/v1/tenants/acme/channels", OPERATOR_KEY,
				Map.of("channelId", "acme-stolen", "provider", "META", "phoneNumberId", "100000000000001", "wabaId",
						"200000000000001", "accessToken", "x", "appSecrets", List.of("acme-app-secret"), "verifyToken",
						"acme-verify"));
		expectProblem(stolenNumber, HttpStatus.CONFLICT);
	}

	@Test
	void api2EveryWrongCredentialIsRefused() {
		for (String authorization : new String[] { null, "Bearer", "Bearer abc", "Basic ZGVtbzpkZW1v",
				"Bearer sb_nosuchkey1.secret", "Bearer sb_demokey1.wrongsecret" }) {
			expectProblem(call(HttpMethod.GET, "/api/v1/messages?limit=1", authorization), HttpStatus.UNAUTHORIZED);
		}
		Map<String, Object> issued = issueKey("demo", List.of("messages:read"));
		String revoked = "Bearer " + issued.get("key");
		call(HttpMethod.GET, "/api/v1/messages?limit=1", revoked).expectStatus().isOk();
		call(HttpMethod.POST, "/admin/v1/tenants/demo/keys/" + issued.get("id") + "/revoke", OPERATOR_KEY, Map.of())
			.expectStatus()
			.isOk();
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> expectProblem(call(HttpMethod.GET, "/api/v1/messages?limit=1", revoked),
					HttpStatus.UNAUTHORIZED));

		// Past the gateway: only a token the gateway signed, for this service, fresh.
		WebTestClient messaging = client(stack.ports().messaging());
		String valid = LocalIdentityTokens.token("messaging-service", "demo", "messages:read", "owasp-api2");
		messaging.get()
			.uri("/api/v1/messages?limit=1")
			.header("Authorization", "Bearer " + valid)
			.exchange()
			.expectStatus()
			.isOk();
		String[] parts = valid.split("\\.");
		String otherTenant = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
				.replace("\"tenant_id\":\"demo\"", "\"tenant_id\":\"acme\"")
				.getBytes(StandardCharsets.UTF_8));
		List<String> refused = List.of(
				LocalIdentityTokens.token("order-service", "demo", "messages:read", "owasp-api2"),
				LocalIdentityTokens.token("messaging-service", "demo", "messages:read", "owasp-api2",
						Instant.now().minusSeconds(300), 60),
				LocalIdentityTokens.token("messaging-service", "demo", "messages:read", "owasp-api2", Instant.now(),
						3600),
				parts[0] + "." + otherTenant + "." + parts[2], hs256(parts[1]), parts[0] + "." + parts[1] + ".",
				"not-a-token");
		for (String token : refused) {
			messaging.get()
				.uri("/api/v1/messages?limit=1")
				.header("Authorization", "Bearer " + token)
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		}
		messaging.get().uri("/api/v1/messages?limit=1").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void api3BodiesCannotChooseTenantOrStatusAndSecretsAreNeverReturned() {
		Map<String, Object> accepted = json(gateway.post()
			.uri("/api/v1/messages")
			.header("Authorization", DEMO_KEY)
			.header("Idempotency-Key", "owasp-api3-" + UUID.randomUUID())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("to", "+972500000001", "channelId", "demo-meta", "type", "template", "template",
					E2EClients.CONFIRMATION, "tenantId", "acme", "tenant_id", "acme", "status", "read"))
			.exchange()
			.expectStatus()
			.isAccepted());
		assertThat(accepted.get("status")).isEqualTo("accepted");
		expectProblem(call(HttpMethod.GET, "/api/v1/messages/" + accepted.get("id"), ACME_KEY), HttpStatus.NOT_FOUND);
		call(HttpMethod.GET, "/api/v1/messages/" + accepted.get("id"), DEMO_KEY).expectStatus().isOk();

		String channels = call(HttpMethod.GET, "/admin/v1/tenants/demo/channels", OPERATOR_KEY).expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(channels).contains("demo-meta")
			.doesNotContain("demo-access-token", "demo-app-secret", "demo-verify-token", "demo-cbb-token",
					"ciphertext");
		String sources = call(HttpMethod.GET, "/admin/v1/tenants/demo/order-sources", OPERATOR_KEY).expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(sources).doesNotContain("whsec_", "ciphertext");
		String keys = call(HttpMethod.GET, "/admin/v1/tenants/demo/keys", OPERATOR_KEY).expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(keys).doesNotContain("localdemosecret", "secretHash", "secret_hash");
	}

	@Test
	void api4SizesPagesAndRatesAreBounded() {
		expectProblem(call(HttpMethod.POST, "/api/v1/messages", DEMO_KEY, "x".repeat(2 * 1024 * 1024)),
				HttpStatus.CONTENT_TOO_LARGE);
		List<Map<String, Object>> messages = new ArrayList<>();
		for (int i = 0; i < 1001; i++) {
			messages.add(Map.of("to", "+972500000001", "channelId", "demo-meta", "type", "template", "template",
					E2EClients.CONFIRMATION));
		}
		ResponseSpec tooMany = call(HttpMethod.POST, "/api/v1/messages/batch", DEMO_KEY, Map.of("messages", messages));
		tooMany.expectStatus().value((status) -> assertThat(status).isIn(400, 413, 422));
		expectProblem(call(HttpMethod.GET, "/api/v1/messages?limit=100000", DEMO_KEY), HttpStatus.BAD_REQUEST);
		expectProblem(call(HttpMethod.GET, "/api/v1/orders?limit=100000", DEMO_KEY), HttpStatus.BAD_REQUEST);
		expectProblem(call(HttpMethod.GET, "/admin/v1/tenants?limit=0", OPERATOR_KEY), HttpStatus.BAD_REQUEST);

		// A key with a tiny plan is refused once its window is full, with Retry-After.
		Map<String, Object> limited = json(call(HttpMethod.POST, "/admin/v1/tenants/acme/keys", OPERATOR_KEY,
				Map.of("name", "owasp-limited", "scopes", List.of("messages:read"), "rateLimits", List.of("3/1m")))
			.expectStatus()
			.isCreated());
		String key = "Bearer " + limited.get("key");
		for (int i = 0; i < 3; i++) {
			call(HttpMethod.GET, "/api/v1/messages?limit=1", key).expectStatus().isOk();
		}
		expectProblem(call(HttpMethod.GET, "/api/v1/messages?limit=1", key), HttpStatus.TOO_MANY_REQUESTS)
			.jsonPath("$.code")
			.isEqualTo("RATE_LIMITED");
	}

	@Test
	void api5FunctionLevelTenantKeysNeverReachTheOperatorApiByAnyPath() {
		for (String key : new String[] { null, DEMO_KEY, ACME_KEY }) {
			expectProblem(call(HttpMethod.GET, "/admin/v1/tenants", key),
					(key == null) ? HttpStatus.UNAUTHORIZED : HttpStatus.FORBIDDEN);
			expectProblem(
					call(HttpMethod.POST, "/admin/v1/tenants/acme/keys", key,
							Map.of("name", "x", "scopes", List.of("messages:read"))),
					(key == null) ? HttpStatus.UNAUTHORIZED : HttpStatus.FORBIDDEN);
		}
		for (String path : List.of("/%61dmin/v1/tenants", "/%2561dmin/v1/tenants", "/admin;x=1/v1/tenants",
				"/admin/v1;/tenants", "/admin/%761/tenants", "/api/v1/../../admin/v1/tenants", "/admin/./v1/tenants",
				"/%41DMIN/v1/tenants", "/admin%2Fv1/tenants", "//admin/v1/tenants", "/api/v1/messages/%2e%2e/x")) {
			for (String key : new String[] { null, DEMO_KEY, OPERATOR_KEY }) {
				expectProblem(call(HttpMethod.GET, path, key), HttpStatus.BAD_REQUEST).jsonPath("$.code")
					.isEqualTo("INVALID_PATH");
				expectProblem(call(HttpMethod.POST, path + "/acme/keys", key,
						Map.of("name", "x", "scopes", List.of("messages:read"))), HttpStatus.BAD_REQUEST);
			}
		}
	}

	@Test
	void api6KeyRotationAndRevocationTakeEffectWithinFiveSeconds() {
		Map<String, Object> issued = issueKey("demo", List.of("messages:read"));
		String key = (String) issued.get("key");
		String keyId = (String) issued.get("id");
		call(HttpMethod.GET, "/api/v1/messages?limit=1", "Bearer " + key).expectStatus().isOk();
		Map<String, Object> rotated = json(call(HttpMethod.POST, "/admin/v1/tenants/demo/keys/" + keyId + "/rotate",
				OPERATOR_KEY, Map.of("overlap", "PT0S"))
			.expectStatus()
			.isCreated());
		String successor = (String) rotated.get("key");
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> expectProblem(call(HttpMethod.GET, "/api/v1/messages?limit=1", "Bearer " + key),
					HttpStatus.UNAUTHORIZED));
		call(HttpMethod.GET, "/api/v1/messages?limit=1", "Bearer " + successor).expectStatus().isOk();
		call(HttpMethod.POST, "/admin/v1/tenants/demo/keys/" + rotated.get("id") + "/revoke", OPERATOR_KEY, Map.of())
			.expectStatus()
			.isOk();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> expectProblem(call(HttpMethod.GET, "/api/v1/messages?limit=1", "Bearer " + successor),
					HttpStatus.UNAUTHORIZED));
	}

	@Test
	void api7ChannelUrlsThatReachInsideAreRefused() {
		for (String url : List.of("https://169.254.169.254/latest/meta-data", "http://169.254.169.254/",
				"https://10.0.0.5/cbb", "https://192.168.1.1/", "https://127.0.0.1:8443/", "https://[::1]/",
				"https://[fd00::1]/", "https://[::ffff:10.0.0.1]/", "https://[fe80::1]/", "https://0x7f.1/",
				"https://2130706433/", "https://user:pw@example.com/", "ftp://example.com/", "file:///etc/passwd",
				"https://localhost/", "https://metadata.google.internal/")) {
			expectProblem(call(HttpMethod.POST, "/admin/v1/tenants/acme/channels", OPERATOR_KEY,
					Map.of("channelId", "acme-cbb-ssrf", "provider", "CBB", "baseUrl", url, "accessToken", "t")),
					HttpStatus.BAD_REQUEST)
				.jsonPath("$.code")
				.isEqualTo("INVALID_CHANNEL_BASE_URL");
		}
		call(HttpMethod.GET, "/admin/v1/tenants/acme/channels", OPERATOR_KEY).expectBody(String.class)
			.value((channels) -> assertThat(channels).doesNotContain("acme-cbb-ssrf"));
	}

	@Test
	void api10ProviderAnswersAreBoundedAndValidated() {
		String recipient = "972500000177";
		stack.simulators().meta().faults().add(FaultRule.hostileAnswer().forRecipient(recipient));
		try {
			Map<String, Object> accepted = json(gateway.post()
				.uri("/api/v1/messages")
				.header("Authorization", DEMO_KEY)
				.header("Idempotency-Key", "owasp-api10-" + UUID.randomUUID())
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("to", "+" + recipient, "channelId", "demo-meta", "type", "template", "template",
						E2EClients.CONFIRMATION))
				.exchange()
				.expectStatus()
				.isAccepted());
			String path = "/api/v1/messages/" + accepted.get("id");
			// The answer was read, found too large or of the wrong shape, and not
			// believed:
			// the message is not sent with a made-up id, and nothing of the answer is
			// stored.
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				String message = call(HttpMethod.GET, path, DEMO_KEY).expectStatus()
					.isOk()
					.expectBody(String.class)
					.returnResult()
					.getResponseBody();
				assertThat(message).hasSizeLessThan(16 * 1024).doesNotContain("xxxxxxxx");
				assertThat(message).doesNotContain("\"status\":\"sent\"", "\"status\":\"delivered\"")
					.containsAnyOf("\"status\":\"failed\"", "\"status\":\"unknown\"", "\"status\":\"accepted\"",
							"\"status\":\"sending\"");
			});
			client(stack.ports().messaging()).get().uri("/readyz").exchange().expectStatus().isOk();
		}
		finally {
			stack.simulators().meta().faults().clear();
		}
	}

	@Test
	void api8SecurityHeadersCorsErrorsAndTheManagementPortAreLockedDown() {
		ResponseSpec answer = call(HttpMethod.GET, "/api/v1/messages?limit=1", DEMO_KEY);
		answer.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.valueEquals("X-Frame-Options", "DENY")
			.expectHeader()
			.exists("Strict-Transport-Security")
			.expectHeader()
			.exists("Content-Security-Policy")
			.expectHeader()
			.value("Cache-Control", (value) -> assertThat(value).contains("no-store"));
		gateway.options()
			.uri("/api/v1/messages")
			.header("Origin", "https://evil.example")
			.header("Access-Control-Request-Method", "POST")
			.exchange()
			.expectHeader()
			.doesNotExist("Access-Control-Allow-Origin");
		String notFound = gateway.get()
			.uri("/api/v1/messages/does-not-exist")
			.header("Authorization", DEMO_KEY)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(notFound).doesNotContain("Exception", "at dev.", "at org.", "java.");
		for (ServiceProcess service : stack.services()) {
			ManagementSurface.assertSeparated(service.spec().port(), service.spec().managementPort());
		}
	}

	@Test
	void api9EveryGatewayRouteIsADocumentedOperation() {
		Map<String, Object> index = json(call(HttpMethod.GET, "/api-docs", DEMO_KEY).expectStatus().isOk());
		assertThat(index).containsKey("specs");
		List<String> missing = new ArrayList<>();
		for (GatewayRoutes.Route route : GatewayRoutes.read(LocalStack.repositoryRoot())) {
			Map<String, Object> document = GatewayCalls.apiDocumentJson("/api-docs/" + route.service());
			if (!GatewayRoutes.documents(document, route)) {
				missing.add(route.toString());
			}
		}
		assertThat(missing).as("gateway routes without an OpenAPI operation").isEmpty();
	}

	@Test
	@SuppressWarnings("unchecked")
	void api9EveryDocumentedOperationIsReachedThroughAGatewayRoute() {
		List<GatewayRoutes.Route> routes = GatewayRoutes.read(LocalStack.repositoryRoot());
		List<Map<String, String>> specs = (List<Map<String, String>>) json(
				call(HttpMethod.GET, "/api-docs", DEMO_KEY).expectStatus().isOk())
			.get("specs");
		List<String> services = new ArrayList<>();
		List<String> unrouted = new ArrayList<>();
		for (Map<String, String> spec : specs) {
			// The gateway's own document is its administration API, served by the
			// gateway itself rather than routed.
			if (spec.get("name").equals("gateway")) {
				continue;
			}
			services.add(spec.get("name"));
			Map<String, Object> document = GatewayCalls.apiDocumentJson(spec.get("url"));
			GatewayRoutes.unrouted(document, spec.get("name"), routes)
				.forEach((operation) -> unrouted.add(spec.get("name") + ": " + operation));
		}
		assertThat(services).contains("messaging", "orders", "templates", "workflows", "webhook-ingest");
		assertThat(unrouted).as("documented operations that no gateway route leads to").isEmpty();
	}

	/**
	 * The token's claims signed as HS256 with the shared secret services used to accept.
	 */
	private static String hs256(String claims) {
		String header = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString("{\"alg\":\"HS256\",\"kid\":\"local-1\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec("local-internal-token-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8),
					"HmacSHA256"));
			byte[] signature = mac.doFinal((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
			return header + "." + claims + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
