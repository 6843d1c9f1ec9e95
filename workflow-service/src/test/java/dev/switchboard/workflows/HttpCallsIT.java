package dev.switchboard.workflows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code http_call} steps: an allow-listed endpoint is called with the run and step's
 * idempotency key and its answer kept; every SSRF class is refused, as are redirects,
 * slow and large answers; errors never echo the URL's query.
 */
class HttpCallsIT extends IntegrationSetup {

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

	private String startRun(String workflowId, String input) {
		return (String) this.api.post("http", "/api/v1/workflows/" + workflowId + "/runs", input)
			.expectStatus()
			.isCreated()
			.expectBody(WorkflowsApi.MAP)
			.returnResult()
			.getResponseBody()
			.get("id");
	}

	private Map<String, Object> awaitRun(String runId, String status) {
		return await().atMost(PATIENCE)
			.until(() -> this.api.json("http", "/api/v1/runs/" + runId), (run) -> status.equals(run.get("status")));
	}

}
