package dev.switchboard.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import dev.switchboard.local.LocalStack;
import dev.switchboard.local.ServiceProcess;

import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hundreds of malformed requests over every documented endpoint of the running stack:
 * bodies of the wrong type and shape, oversized fields, invalid UTF-8, bad query
 * parameters, bad headers and bad paths. Every answer is a 4xx problem with a stable code
 * (414 and 431 come from the HTTP layer), never a 5xx; what was accepted before is still
 * there after; and no service ever printed a secret.
 */
@ExtendWith(E2EStack.class)
class BadInputSweepE2EIT {

	private static final String DEMO_KEY = "Bearer sb_demokey1.localdemosecret";

	private static final String OPERATOR_KEY = "Bearer sb_operator1.localoperatorsecret";

	/** Every secret the local stack holds: none may appear in any log line. */
	static final List<String> SECRETS = List.of("localdemosecret", "localacmesecret", "localoperatorsecret",
			"demo-app-secret", "demo-vizi-signing-secret", "ZGVtby12aXppLXNpZ25pbmctc2VjcmV0", "demo-access-token",
			"demo-cbb-token", "demo-cbb-access-token", "acme-access-token", "local-redrive-token-0123456789",
			"bG9jYWwtc3dpdGNoYm9hcmQtc2VjcmV0cy1rZXktMzI=",
			// the local identity-token signing key (its private part), and any identity
			// token
			"BAQQgsjlZ5SgK+LQasYNAn5NU6GHnVl2Aw8rJiG7KRYCRLv", "eyJhbGciOi", "eyJraWQiOi", "eyJ0eXAiOi");

	/** A string that no field accepts at this length. */
	private static final String HUGE = "x".repeat(70_000);

	private static LocalStack stack;

	private static HttpClient http;

	@BeforeAll
	static void clients() {
		stack = E2EStack.stack();
		GatewayCalls.open(stack);
		http = HttpClient.create().responseTimeout(Duration.ofSeconds(30));
	}

	@Test
	void everyMalformedRequestGetsAProblemAndNothingAcceptedIsLost() {
		String messageId = acceptedMessage();
		String orderId = GatewayCalls.acceptedOrder("SWEEP", "0700000002");
		List<Probe> probes = probes();
		assertThat(probes).hasSizeGreaterThanOrEqualTo(200);

		List<String> wrong = new ArrayList<>();
		for (Probe probe : probes) {
			Answer answer = send(probe);
			String problem = answer.problem();
			if (problem != null) {
				wrong.add(probe + " → " + answer.status() + " " + problem);
			}
		}
		assertThat(wrong).as("answers that are not a 4xx problem with a code").isEmpty();

		WebTestClient gateway = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + stack.ports().gateway())
			.build();
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> gateway.get()
				.uri("/api/v1/messages/{id}", messageId)
				.header("Authorization", DEMO_KEY)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.status")
				.value((status) -> assertThat(status).isIn("sent", "delivered", "read")));
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> gateway.get()
				.uri("/api/v1/orders/{id}", orderId)
				.header("Authorization", DEMO_KEY)
				.exchange()
				.expectStatus()
				.isOk());
		assertNoSecretInAnyLog();
	}

	static void assertNoSecretInAnyLog() {
		List<String> leaks = new ArrayList<>();
		for (ServiceProcess service : stack.services()) {
			try {
				List<String> lines = Files.readAllLines(service.logFile(), StandardCharsets.UTF_8);
				for (String line : lines) {
					for (String secret : SECRETS) {
						if (line.contains(secret)) {
							leaks.add(service.spec().name() + ": " + secret + " in "
									+ line.substring(0, Math.min(line.length(), 300)));
						}
					}
				}
				assertThat(lines).as(service.spec().name() + " log").isNotEmpty();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		assertThat(leaks).as("secrets in logs").isEmpty();
	}

	private static List<Probe> probes() {
		List<Probe> probes = new ArrayList<>();
		int gateway = stack.ports().gateway();
		int ingest = stack.ports().ingest();
		String order = UUID.randomUUID().toString();

		// JSON bodies of every shape but the right one, on every endpoint that takes one.
		Map<String, String> jsonPosts = new LinkedHashMap<>();
		jsonPosts.put("/api/v1/messages", DEMO_KEY);
		jsonPosts.put("/api/v1/messages/batch", DEMO_KEY);
		jsonPosts.put("/api/v1/orders/batches", DEMO_KEY);
		jsonPosts.put("/admin/v1/tenants", OPERATOR_KEY);
		jsonPosts.put("/admin/v1/tenants/demo/keys", OPERATOR_KEY);
		jsonPosts.put("/admin/v1/tenants/demo/channels", OPERATOR_KEY);
		List<byte[]> badBodies = List.of(bytes(""), bytes("{"), bytes("[]"), bytes("1"), bytes("\"text\""),
				bytes("null"), bytes("{\"to\":"), bytes("{}}"),
				new byte[] { '{', '"', 't', 'o', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}' },
				bytes("{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}"), bytes("{\"to\":\"" + HUGE + "\"}"));
		for (Map.Entry<String, String> endpoint : jsonPosts.entrySet()) {
			for (byte[] body : badBodies) {
				probes.add(Probe.json(gateway, HttpMethod.POST, endpoint.getKey(), endpoint.getValue(), body));
			}
		}
		// Fields of the wrong type, one at a time.
		for (String field : List.of("to", "channelId", "type", "template", "text", "image", "interactive")) {
			for (String value : List.of("123", "true", "[]", "{\"x\":1}", "\"\"")) {
				probes.add(Probe.json(gateway, HttpMethod.POST, "/api/v1/messages", DEMO_KEY,
						bytes("{\"to\":\"+972500000001\",\"channelId\":\"demo-meta\",\"type\":\"text\",\"" + field
								+ "\":" + value + "}")));
			}
		}
		for (String body : List.of("{\"messages\":1}", "{\"messages\":[1,2]}", "{\"messages\":[]}",
				"{\"operation\":\"bogus\"}", "{\"operation\":\"retry_sync\",\"filter\":{\"status\":\"bogus\"}}",
				"{\"operation\":\"retry_sync\",\"filter\":{\"minAmount\":\"abc\"}}",
				"{\"operation\":\"retry_sync\",\"filter\":{\"phone\":\"abc\"}}")) {
			probes.add(Probe.json(gateway, HttpMethod.POST,
					body.contains("messages") ? "/api/v1/messages/batch" : "/api/v1/orders/batches", DEMO_KEY,
					bytes(body)));
		}
		for (String body : List.of("{\"id\":\"Bad Id!\",\"name\":\"\"}", "{\"id\":1}", "{\"id\":\"" + HUGE + "\"}")) {
			probes.add(Probe.json(gateway, HttpMethod.POST, "/admin/v1/tenants", OPERATOR_KEY, bytes(body)));
		}
		for (String body : List.of("{\"name\":\"x\",\"scopes\":[\"admin\"]}", "{\"name\":\"x\",\"scopes\":\"x\"}",
				"{\"name\":\"x\",\"scopes\":[1]}", "{\"name\":\"x\",\"scopes\":[\"bogus:scope\"]}")) {
			probes.add(Probe.json(gateway, HttpMethod.POST, "/admin/v1/tenants/demo/keys", OPERATOR_KEY, bytes(body)));
		}
		for (String body : List.of("{\"channelId\":\"c1\",\"provider\":\"BOGUS\"}",
				"{\"channelId\":\"c1\",\"provider\":\"CBB\",\"baseUrl\":\"http://169.254.169.254/\",\"accessToken\":\"t\"}",
				"{\"channelId\":\"c1\",\"provider\":\"CBB\",\"baseUrl\":\"file:///etc/passwd\",\"accessToken\":\"t\"}",
				"{\"channelId\":\"c1\",\"provider\":\"META\",\"phoneNumberId\":[1]}")) {
			probes.add(
					Probe.json(gateway, HttpMethod.POST, "/admin/v1/tenants/demo/channels", OPERATOR_KEY, bytes(body)));
		}
		probes.add(Probe.json(gateway, HttpMethod.POST, "/admin/v1/tenants/demo/keys/" + order + "/rotate",
				OPERATOR_KEY, bytes("{\"overlap\":\"soon\"}")));
		probes.add(Probe.json(gateway, HttpMethod.PUT, "/admin/v1/tenants/demo/order-sources/vizi", OPERATOR_KEY,
				bytes("{\"signingSecrets\":\"whsec_x\"}")));
		probes.add(Probe.json(gateway, HttpMethod.PUT, "/admin/v1/tenants/demo/order-sources/Not_A_Source",
				OPERATOR_KEY, bytes("{\"signingSecrets\":[\"whsec_c2hvcDEtdml6aQ==\"]}")));

		// Content types that no endpoint takes.
		for (String type : List.of("text/plain", "application/xml", "garbage", "multipart/form-data; boundary=x")) {
			probes.add(new Probe(gateway, HttpMethod.POST, "/api/v1/messages",
					Map.of("Authorization", DEMO_KEY, "Content-Type", type), bytes("{\"to\":\"x\"}")));
		}

		// Query parameters that cannot be read.
		Map<String, List<String>> queries = new LinkedHashMap<>();
		queries.put("/api/v1/messages",
				List.of("limit=-1", "limit=abc", "limit=1000000", "limit=1.5", "cursor=!!!",
						"cursor=eyJub3QiOiJhIGN1cnNvciJ9", "status=bogus", "channelId=" + "x".repeat(5000), "to=abc",
						"since=yesterday", "until=2025-13-45"));
		queries.put("/api/v1/messages/stats",
				List.of("from=never", "to=2025-02-30T00:00:00Z", "granularity=year", "channelId=%00"));
		queries.put("/api/v1/messages/by-wamid", List.of("", "wamid=", "wamid=" + "w".repeat(5000)));
		queries.put("/api/v1/orders",
				List.of("phone=abc", "status=bogus", "branch=atlantis", "limit=0", "limit=-5", "limit=abc",
						"limit=100000", "cursor=@@@", "cursor=MTIz", "minAmount=abc", "maxAmount=1e999999",
						"createdFrom=tomorrow", "createdTo=2025-99-99", "email=" + "e".repeat(5000), "bogus=1"));
		queries.put("/api/v1/orders/stats", List.of("from=never", "branch=atlantis", "groupBy=planet"));
		for (Map.Entry<String, List<String>> query : queries.entrySet()) {
			for (String parameters : query.getValue()) {
				probes.add(new Probe(gateway, HttpMethod.GET, query.getKey() + "?" + parameters,
						Map.of("Authorization", DEMO_KEY), null));
			}
		}
		probes.add(new Probe(gateway, HttpMethod.GET, "/admin/v1/tenants?limit=abc",
				Map.of("Authorization", OPERATOR_KEY), null));
		probes.add(new Probe(gateway, HttpMethod.GET, "/admin/v1/tenants?cursor=%25%25",
				Map.of("Authorization", OPERATOR_KEY), null));

		// Ids that name nothing, or cannot be ids.
		for (String id : List.of("does-not-exist", "%20", "1%3B%20DROP%20TABLE", "x".repeat(3000),
				"00000000-0000-0000-0000-000000000000", "%E2%82%AC", "%F0%9F%92%A9")) {
			probes.add(new Probe(gateway, HttpMethod.GET, "/api/v1/messages/" + id, Map.of("Authorization", DEMO_KEY),
					null));
			probes.add(new Probe(gateway, HttpMethod.GET, "/api/v1/orders/" + id + "/history",
					Map.of("Authorization", DEMO_KEY), null));
			probes.add(new Probe(gateway, HttpMethod.GET, "/api/v1/orders/batches/" + id,
					Map.of("Authorization", DEMO_KEY), null));
			probes.add(new Probe(gateway, HttpMethod.POST, "/admin/v1/tenants/demo/keys/" + id + "/revoke",
					Map.of("Authorization", OPERATOR_KEY), null));
			probes.add(new Probe(gateway, HttpMethod.GET, "/admin/v1/tenants/" + id,
					Map.of("Authorization", OPERATOR_KEY), null));
		}

		// Headers: credentials of every wrong form (few, so that the
		// failed-authentication
		// limit of this address is not what answers), and other headers out of range.
		for (String authorization : List.of("Bearer", "Bearer ", "Basic ZGVtbzpkZW1v", "Bearer sb_", "Bearer sb_.",
				"Bearer " + "k".repeat(300))) {
			probes.add(new Probe(gateway, HttpMethod.GET, "/api/v1/messages", Map.of("Authorization", authorization),
					null));
		}
		probes.add(new Probe(gateway, HttpMethod.POST, "/api/v1/messages",
				Map.of("Authorization", DEMO_KEY, "Content-Type", "application/json", "Idempotency-Key",
						"i".repeat(2000)),
				bytes("{\"to\":\"+972500000001\",\"channelId\":\"demo-meta\",\"type\":\"text\",\"text\":\"hi\"}")));
		probes.add(new Probe(gateway, HttpMethod.GET, "/api/v1/messages",
				Map.of("Authorization", DEMO_KEY, "Accept", "application/xml"), null));
		probes.add(new Probe(gateway, HttpMethod.GET, "/api/v1/messages",
				Map.of("Authorization", DEMO_KEY, "X-Large", "h".repeat(20_000)), null));

		// Paths.
		for (String path : List.of("/%61pi/v1/messages", "/api/v1/messages;x=1", "/api//v1/messages",
				"/api/v1/./messages", "/api/v1/messages/%2e%2e/%2e%2e/admin/v1/tenants", "/api/v1/messages%2Fx",
				"/api/v1/nothing-here", "/" + "p".repeat(20_000))) {
			probes.add(new Probe(gateway, HttpMethod.GET, path, Map.of("Authorization", DEMO_KEY), null));
		}

		// webhook-ingest: unsigned, badly signed and malformed webhooks of both kinds.
		List<byte[]> webhookBodies = List.of(bytes(""), bytes("{"), bytes("[]"), bytes("{\"object\":1}"),
				new byte[] { '{', (byte) 0xc3, (byte) 0x28, '}' }, bytes("{\"entry\":\"" + HUGE + "\"}"));
		for (byte[] body : webhookBodies) {
			probes.add(new Probe(ingest, HttpMethod.POST, "/webhooks/whatsapp",
					Map.of("Content-Type", "application/json"), body));
			probes.add(new Probe(ingest, HttpMethod.POST, "/webhooks/whatsapp",
					Map.of("Content-Type", "application/json", "X-Hub-Signature-256", "sha256=" + "0".repeat(64)),
					body));
			probes.add(new Probe(ingest, HttpMethod.POST, "/webhooks/whatsapp",
					Map.of("Content-Type", "application/json", "X-Hub-Signature-256", "md5=zz"), body));
			probes.add(new Probe(
					ingest, HttpMethod.POST, "/webhooks/orders/vizi", Map.of("Content-Type", "application/json",
							"webhook-id", "msg_sweep", "webhook-timestamp", "1", "webhook-signature", "v1,AAAA"),
					body));
			probes.add(new Probe(ingest, HttpMethod.POST, "/webhooks/orders/vizi",
					Map.of("Content-Type", "application/json"), body));
		}
		for (String query : List.of("", "?hub.mode=subscribe",
				"?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1",
				"?hub.mode=bogus&hub.verify_token=demo-verify-token&hub.challenge=1")) {
			probes.add(new Probe(ingest, HttpMethod.GET, "/webhooks/whatsapp" + query, Map.of(), null));
		}
		probes.add(new Probe(ingest, HttpMethod.POST, "/webhooks/orders/nosuchsource",
				Map.of("Content-Type", "application/json"), bytes("{}")));
		probes.add(new Probe(ingest, HttpMethod.POST, "/admin/redrive?from=never",
				Map.of("Authorization", "Bearer wrong"), null));
		probes.add(new Probe(gateway, HttpMethod.POST, "/api/v1/webhooks/vizi/orders",
				Map.of("Authorization", DEMO_KEY, "Content-Type", "application/json"), bytes("{")));
		return probes;
	}

	private static Answer send(Probe probe) {
		return http.headers((headers) -> probe.headers().forEach(headers::set))
			.request(io.netty.handler.codec.http.HttpMethod.valueOf(probe.method().name()))
			.uri("http://localhost:" + probe.port() + probe.path())
			.send((request, outbound) -> (probe.body() != null) ? outbound.sendByteArray(Mono.just(probe.body()))
					: outbound)
			.responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8)
				.defaultIfEmpty("")
				.map((text) -> new Answer(response.status().code(), response.responseHeaders().get("Content-Type"),
						text)))
			.block(Duration.ofSeconds(60));
	}

	private static String acceptedMessage() {
		WebTestClient gateway = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + stack.ports().gateway())
			.build();
		Map<?, ?> accepted = gateway.post()
			.uri("/api/v1/messages")
			.header("Authorization", DEMO_KEY)
			.header("Idempotency-Key", "sweep-" + UUID.randomUUID())
			.header("Content-Type", "application/json")
			.bodyValue(Map.of("to", "+972500000001", "channelId", "demo-meta", "type", "template", "template",
					E2EClients.CONFIRMATION))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return (String) accepted.get("id");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * One malformed request.
	 *
	 * @param port the service's port
	 * @param method the method
	 * @param path the path and query, sent as written
	 * @param headers the headers
	 * @param body the body, or null
	 */
	record Probe(int port, HttpMethod method, String path, Map<String, String> headers, byte[] body) {

		static Probe json(int port, HttpMethod method, String path, String authorization, byte[] body) {
			return new Probe(port, method, path,
					Map.of("Authorization", authorization, "Content-Type", "application/json"), body);
		}

		@Override
		public String toString() {
			String shownPath = (this.path.length() > 120) ? this.path.substring(0, 120) + "…" : this.path;
			String shownBody = (this.body == null) ? ""
					: " " + new String(this.body, 0, Math.min(this.body.length, 80), StandardCharsets.UTF_8);
			return this.method + " :" + this.port + shownPath + shownBody;
		}

	}

	/**
	 * What came back.
	 *
	 * @param status the status
	 * @param contentType the content type, or null
	 * @param body the body
	 */
	record Answer(int status, String contentType, String body) {

		/**
		 * Null when the answer is a 4xx problem with a code (or 414/431), otherwise why
		 * not.
		 */
		String problem() {
			if (this.status == 414 || this.status == 431) {
				return null;
			}
			if (this.status < 400 || this.status >= 500) {
				return "not a 4xx: " + abbreviated();
			}
			if (this.contentType == null || !this.contentType.startsWith("application/problem+json")) {
				return "content type " + this.contentType + ": " + abbreviated();
			}
			if (!this.body.contains("\"code\":\"")) {
				return "no code: " + abbreviated();
			}
			if (this.body.contains("Exception") || this.body.contains("\tat ") || this.body.contains("java.")) {
				return "a stack trace or class name: " + abbreviated();
			}
			return null;
		}

		private String abbreviated() {
			return (this.body.length() > 300) ? this.body.substring(0, 300) + "…" : this.body;
		}

	}

}
