package dev.switchboard.workflows;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.tenants.TenantConfig;
import dev.switchboard.events.tenants.TenantSecret;
import dev.switchboard.tenants.SecretCipher;
import dev.switchboard.tenants.TenantDirectory;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code http_call} steps: an allow-listed endpoint is called with the run and step's
 * idempotency key and its answer kept; every SSRF class is refused, as are redirects,
 * slow and large answers; errors never echo the URL's query. Header values name the
 * tenant's secrets, published encrypted on tenants.config.v1: the secret reaches the
 * endpoint and nothing else (run view, stored run, run events, logs).
 */
class HttpCallsIT extends IntegrationSetup {

	/** The local stack's secrets key, as the gateway encrypts with it. */
	private static final SecretCipher CIPHER = SecretCipher
		.fromSpec("local:bG9jYWwtc3dpdGNoYm9hcmQtc2VjcmV0cy1rZXktMzI=");

	@Autowired
	private TenantDirectory tenants;

	@Autowired
	private DatabaseClient database;

	@Test
	void anAllowListedEndpointIsCalledAndItsAnswerKept() {
		int before = endpointCalls.get();
		String id = this.api.create("http", """
				{"name":"Escalate","trigger":{"type":"manual"},
				 "steps":[{"id":"call","type":"http_call","method":"POST","url":"%s/hook",
				   "headers":{"X-Ticket":"{{$.input.ticket}}"},"body":{"ticket":"{{$.input.ticket}}"},"saveAs":"hook"},
				  {"id":"keep","type":"set","values":{"received":"{{$.vars.hook.body.received}}"}}]}
				""".formatted(endpointUrl()));

		String runId = startRun(id, "{\"ticket\":\"T-1\"}");
		Map<String, Object> run = awaitRun(runId, "succeeded");

		assertThat(endpointCalls.get()).isEqualTo(before + 1);
		assertThat(run.get("data").toString()).contains("received=workflow:" + runId + ":call").contains("status=200");
	}

	@Test
	void everySsrfClassIsRefused() {
		String id = this.api.create("http",
				"""
						{"name":"Any URL","trigger":{"type":"manual"},
						 "steps":[{"id":"call","type":"http_call","method":"GET","url":"{{$.input.url}}","retry":{"maxAttempts":1}}]}
						""");
		List<String> refused = List.of("https://127.0.0.1/", "https://[::1]/", "https://10.0.0.1/x?token=s3cr3t",
				"https://172.16.0.1/", "https://192.168.1.1/", "https://100.64.0.1/",
				"https://169.254.169.254/latest/meta-data/", "https://[fd00:ec2::254]/", "https://[fe80::1]/",
				"https://[::ffff:127.0.0.1]/", "https://[fc00::1]/", "https://2130706433/", "https://0x7f.1/",
				"https://internal.test/", "https://metadata.test/latest/meta-data/", "https://user@example.com/",
				"ftp://example.com/", "file:///etc/passwd");
		for (String url : refused) {
			Map<String, Object> run = awaitRun(startRun(id, "{\"url\":\"" + url + "\"}"), "failed");
			assertThat((String) run.get("error")).as(url).contains("refused").doesNotContain("s3cr3t");
		}
	}

	@Test
	void redirectsSlowAndLargeAnswersFailTheAttempt() {
		int before = endpointCalls.get();
		String id = this.api.create("http",
				"""
						{"name":"Limits","trigger":{"type":"manual"},
						 "steps":[{"id":"call","type":"http_call","method":"GET","url":"{{$.input.url}}","retry":{"maxAttempts":1}}]}
						""");

		assertThat((String) awaitRun(startRun(id, "{\"url\":\"" + endpointUrl() + "/moved\"}"), "failed").get("error"))
			.contains("redirects are not followed");
		assertThat((String) awaitRun(startRun(id, "{\"url\":\"" + endpointUrl() + "/large\"}"), "failed").get("error"))
			.contains("larger than 1024 bytes");
		assertThat((String) awaitRun(startRun(id, "{\"url\":\"" + endpointUrl() + "/slow\"}"), "failed").get("error"))
			.contains("No answer within");
		assertThat(endpointCalls.get()).as("the redirect's target").isEqualTo(before);
	}

	@Test
	void aTenantSecretIsSentInAHeaderAndKeptNowhereElse() {
		String tenant = "secrets-http-1";
		publishTenant(tenant, 1, Map.of("crm_token", "crm-7f2e9a61"));
		ListAppender<ILoggingEvent> logs = captureLogs();
		try {
			String id = this.api.create(tenant,
					"""
							{"name":"Secret header","trigger":{"type":"manual"},
							 "steps":[{"id":"call","type":"http_call","method":"POST","url":"%s/secured",
							   "headers":{"Authorization":"Bearer {{secrets.crm_token}}","X-Ticket":"{{$.input.ticket}}-{{secrets.crm_token}}"},
							   "body":{"ticket":"{{$.input.ticket}}"},"saveAs":"answer"}]}
							"""
						.formatted(endpointUrl()));
			await().atMost(PATIENCE).until(() -> this.tenants.tenant(tenant).isPresent());

			String runId = startRun(tenant, id, "{\"ticket\":\"T-9\"}");
			Map<String, Object> run = awaitRun(tenant, runId, "succeeded");

			io.netty.handler.codec.http.HttpHeaders received = securedCall(runId);
			assertThat(received.get("Authorization")).isEqualTo("Bearer crm-7f2e9a61");
			assertThat(received.get("X-Ticket")).isEqualTo("T-9-crm-7f2e9a61");
			assertThat(run.toString()).contains("status=200").doesNotContain("crm-7f2e9a61");
			assertThat(storedRun(runId)).doesNotContain("crm-7f2e9a61");
			assertThat(eventsOf(runId).toString()).doesNotContain("crm-7f2e9a61");
			assertThat(logged(logs)).doesNotContain("crm-7f2e9a61");
		}
		finally {
			releaseLogs(logs);
		}
	}

	@Test
	void aMissingSecretFailsTheAttemptClearlyAndARetrySucceedsOnceItIsSet() {
		String tenant = "secrets-http-2";
		publishTenant(tenant, 1, Map.of());
		ListAppender<ILoggingEvent> logs = captureLogs();
		try {
			String id = this.api.create(tenant, """
					{"name":"Escalate to the helpdesk","trigger":{"type":"manual"},
					 "steps":[{"id":"escalate","type":"http_call","method":"POST","url":"%s/secured",
					   "headers":{"Authorization":"Bearer {{secrets.helpdesk_token}}"},"body":{"ticket":"T-10"},
					   "retry":{"maxAttempts":20,"backoff":"PT0.2S"}}]}
					""".formatted(endpointUrl()));
			await().atMost(PATIENCE).until(() -> this.tenants.tenant(tenant).isPresent());

			String runId = startRun(tenant, id, "{}");
			Map<String, Object> failing = await().atMost(PATIENCE)
				.until(() -> this.api.json(tenant, "/api/v1/runs/" + runId),
						(run) -> run.get("steps").toString().contains("secret helpdesk_token is not set"));
			assertThat(failing.get("status")).isEqualTo("running");
			assertThat(securedCall(runId)).isNull();

			publishTenant(tenant, 2, Map.of("helpdesk_token", "hd-55e0c3d9"));
			Map<String, Object> run = awaitRun(tenant, runId, "succeeded");

			assertThat(securedCall(runId).get("Authorization")).isEqualTo("Bearer hd-55e0c3d9");
			assertThat(run.toString()).contains("secret helpdesk_token is not set").doesNotContain("hd-55e0c3d9");
			assertThat(storedRun(runId)).doesNotContain("hd-55e0c3d9");
			assertThat(logged(logs)).doesNotContain("hd-55e0c3d9");
		}
		finally {
			releaseLogs(logs);
		}
	}

	@Test
	void secretsAreRefusedOutsideHttpCallHeaders() {
		String problem = this.api.post("http", "/api/v1/workflows", """
				{"name":"Leaky","trigger":{"type":"manual"},
				 "steps":[{"id":"keep","type":"set","values":{"token":"{{secrets.crm_token}}"}},
				  {"id":"call","type":"http_call","method":"POST","url":"https://example.com/{{secrets.crm_token}}",
				   "headers":{"Authorization":"Bearer {{secrets.Bad.Name}}","X-{{secrets.crm_token}}":"x"},
				   "body":{"token":"{{ secrets.crm_token }}"}},
				  {"id":"tell","type":"send_message","to":"+15550000001","text":"token {{secrets.crm_token}}"}]}
				""").expectStatus().isEqualTo(422).expectBody(String.class).returnResult().getResponseBody();
		assertThat(problem).contains("INVALID_WORKFLOW", "/steps/0/values/token", "/steps/1/url", "/steps/1/body/token",
				"/steps/1/headers/X-{{secrets.crm_token}}", "/steps/2/text",
				"may only stand in an http_call step's header values", "/steps/1/headers/Authorization",
				"'Bad.Name' is not a secret name");
	}

	private void publishTenant(String tenantId, long version, Map<String, String> secrets) {
		List<TenantSecret> sealed = secrets.entrySet()
			.stream()
			.map((secret) -> new TenantSecret(secret.getKey(),
					CIPHER.encrypt(secret.getValue(), TenantSecret.boundTo(tenantId, secret.getKey()))))
			.toList();
		TenantConfig config = new TenantConfig(tenantId, tenantId, TenantConfig.ACTIVE, "standard", List.of(),
				List.of(), version, Instant.now(), sealed);
		publish(EventEnvelope.of(EventType.TENANT_CONFIG_V1, URI.create("urn:switchboard:gateway"), tenantId, tenantId,
				config), tenantId);
		await().atMost(PATIENCE)
			.until(() -> this.tenants.tenant(tenantId).map(TenantConfig::version).orElse(0L) == version);
	}

	private static io.netty.handler.codec.http.HttpHeaders securedCall(String runId) {
		return securedCalls.stream()
			.filter((headers) -> headers.get("Idempotency-Key", "").startsWith("workflow:" + runId + ":"))
			.findFirst()
			.orElse(null);
	}

	/** The run's row and step attempts as stored. */
	private String storedRun(String runId) {
		return this.database.sql("SELECT r::text AS row FROM runs r WHERE id = :id::uuid")
			.bind("id", runId)
			.map((row) -> row.get("row", String.class))
			.all()
			.concatWith(this.database.sql("SELECT s::text AS row FROM step_attempts s WHERE run_id = :id::uuid")
				.bind("id", runId)
				.map((row) -> row.get("row", String.class))
				.all())
			.collectList()
			.block(PATIENCE)
			.toString();
	}

	private static ListAppender<ILoggingEvent> captureLogs() {
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(appender);
		return appender;
	}

	private static void releaseLogs(ListAppender<ILoggingEvent> appender) {
		((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(appender);
	}

	private static String logged(ListAppender<ILoggingEvent> appender) {
		StringBuilder text = new StringBuilder();
		for (ILoggingEvent event : List.copyOf(appender.list)) {
			text.append(event.getFormattedMessage()).append('\n');
			for (IThrowableProxy failure = event.getThrowableProxy(); failure != null; failure = failure.getCause()) {
				text.append(failure.getMessage()).append('\n');
			}
		}
		return text.toString();
	}

	private String startRun(String workflowId, String input) {
		return startRun("http", workflowId, input);
	}

	private String startRun(String tenantId, String workflowId, String input) {
		return (String) this.api.post(tenantId, "/api/v1/workflows/" + workflowId + "/runs", input)
			.expectStatus()
			.isCreated()
			.expectBody(WorkflowsApi.MAP)
			.returnResult()
			.getResponseBody()
			.get("id");
	}

	private Map<String, Object> awaitRun(String runId, String status) {
		return awaitRun("http", runId, status);
	}

	private Map<String, Object> awaitRun(String tenantId, String runId, String status) {
		return await().atMost(PATIENCE)
			.until(() -> this.api.json(tenantId, "/api/v1/runs/" + runId), (run) -> status.equals(run.get("status")));
	}

}
