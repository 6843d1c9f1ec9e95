package dev.switchboard.workflows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Workflow definitions through the API: validation, versions, tenants, scopes. */
class DefinitionsIT extends IntegrationSetup {

	static final String MANUAL = """
			{"name":"Greeting","trigger":{"type":"manual"},
			 "steps":[{"id":"greet","type":"set","values":{"greeting":"hello"}}]}
			""";

	@Test
	void aDefinitionWithThreeSchemaErrorsIsRefusedListingAllThree() {
		String invalid = """
				{"trigger":{"type":"cron","timeZone":"Europe/Paris"},
				 "steps":[{"id":"reply","type":"send_sms"}]}
				""";
		Map<String, Object> problem = this.api.post("acme", "/api/v1/workflows", invalid)
			.expectStatus()
			.isEqualTo(422)
			.expectHeader()
			.contentType("application/problem+json")
			.expectBody(WorkflowsApi.MAP)
			.returnResult()
			.getResponseBody();

		assertThat(problem).containsEntry("code", "INVALID_WORKFLOW");
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> errors = (List<Map<String, Object>>) problem.get("errors");
		assertThat(errors).extracting((error) -> error.get("field"))
			.containsExactlyInAnyOrder("/name", "/trigger/cron", "/steps/0/type");
	}

	@Test
	void whatTheSchemaCannotSayIsCheckedToo() {
		String invalid = """
				{"name":"x","trigger":{"type":"cron","cron":"every day","timeZone":"Mars/Olympus"},
				 "steps":[{"id":"a","type":"set","values":{"x":1},"next":"nowhere"},{"id":"a","type":"set","values":{"x":2}}]}
				""";
		Map<String, Object> problem = this.api.post("acme", "/api/v1/workflows", invalid)
			.expectStatus()
			.isEqualTo(422)
			.expectBody(WorkflowsApi.MAP)
			.returnResult()
			.getResponseBody();

		@SuppressWarnings("unchecked")
		List<Map<String, Object>> errors = (List<Map<String, Object>>) problem.get("errors");
		assertThat(errors).extracting((error) -> error.get("field"))
			.containsExactlyInAnyOrder("/trigger/cron", "/trigger/timeZone", "/steps/1/id", "/steps/0/next");
	}

	@Test
	void conversationStepsAndTheSlaTriggerAreValidatedListingEveryError() {
		String invalid = """
				{"name":"x","trigger":{"type":"conversation_sla_breached","priority":"SOON","queueId":"q1"},
				 "steps":[{"id":"a","type":"tag"},
				  {"id":"b","type":"assign","agentId":"{{$.vars.agent}}","queueId":"{{$.vars.queue}}"},
				  {"id":"c","type":"tag","add":[]}]}
				""";
		assertThat(errorFields(invalid)).contains("/trigger/priority", "/trigger/queueId", "/steps/2/add")
			.anyMatch((field) -> field.startsWith("/steps/0"))
			.anyMatch((field) -> field.startsWith("/steps/1"));

		String literals = """
				{"name":"x","trigger":{"type":"conversation_sla_breached"},
				 "steps":[{"id":"a","type":"tag","conversation":"conv-1","add":["vip"]},
				  {"id":"b","type":"assign","agentId":"ana"},
				  {"id":"c","type":"assign","queueId":"{{$.vars.queue}}","next":"d"}]}
				""";
		assertThat(errorFields(literals)).containsExactlyInAnyOrder("/steps/0/conversation", "/steps/1/agentId",
				"/steps/2/next");

		this.api.create("acme",
				"""
						{"name":"Breach triage","trigger":{"type":"conversation_sla_breached","priority":"HIGH","tags":["visa"]},
						 "steps":[{"id":"a","type":"tag","add":["escalated"],"remove":["waiting"]},
						  {"id":"b","type":"assign","queueId":"3b241101-e2bb-4255-8caf-4136c566a962"},
						  {"id":"c","type":"assign","unassign":true,"conversation":"{{$.trigger.conversationId}}"}]}
						""");
	}

	@SuppressWarnings("unchecked")
	private List<String> errorFields(String definition) {
		Map<String, Object> problem = this.api.post("acme", "/api/v1/workflows", definition)
			.expectStatus()
			.isEqualTo(422)
			.expectBody(WorkflowsApi.MAP)
			.returnResult()
			.getResponseBody();
		return ((List<Map<String, Object>>) problem.get("errors")).stream()
			.map((error) -> (String) error.get("field"))
			.toList();
	}

	@Test
	void aWorkflowIsVersionedEnabledAndDisabledAndListed() {
		String id = this.api.create("acme", MANUAL);
		Map<String, Object> created = this.api.json("acme", "/api/v1/workflows/" + id);
		assertThat(created).containsEntry("version", 1)
			.containsEntry("enabled", true)
			.containsEntry("name", "Greeting");

		Map<String, Object> updated = this.api
			.put("acme", "/api/v1/workflows/" + id, MANUAL.replace("Greeting", "Greeting v2"))
			.expectStatus()
			.isOk()
			.expectBody(WorkflowsApi.MAP)
			.returnResult()
			.getResponseBody();
		assertThat(updated).containsEntry("version", 2).containsEntry("name", "Greeting v2");

		this.api.post("acme", "/api/v1/workflows/" + id + "/disable", null)
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.enabled")
			.isEqualTo(false);
		this.api.post("acme", "/api/v1/workflows/" + id + "/enable", null)
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.enabled")
			.isEqualTo(true);

		@SuppressWarnings("unchecked")
		List<Map<String, Object>> items = (List<Map<String, Object>>) this.api.json("acme", "/api/v1/workflows")
			.get("items");
		assertThat(items).extracting((item) -> item.get("id")).contains(id);
	}

	@Test
	void anotherTenantsWorkflowIsNotFound() {
		String id = this.api.create("acme", MANUAL);

		this.api.get("globex", "/api/v1/workflows/" + id)
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("NOT_FOUND");
		this.api.put("globex", "/api/v1/workflows/" + id, MANUAL).expectStatus().isNotFound();
		this.api.post("globex", "/api/v1/workflows/" + id + "/disable", null).expectStatus().isNotFound();
		this.api.post("globex", "/api/v1/workflows/" + id + "/runs", "{}").expectStatus().isNotFound();
		this.api.get("globex", "/api/v1/workflows/not-a-uuid").expectStatus().isNotFound();
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> items = (List<Map<String, Object>>) this.api.json("globex", "/api/v1/workflows")
			.get("items");
		assertThat(items).extracting((item) -> item.get("id")).doesNotContain(id);
	}

	@Test
	void writingNeedsTheWriteScope() {
		this.api.send("POST", "acme", "/api/v1/workflows", "workflows:read", MANUAL)
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("INSUFFICIENT_SCOPE");
		this.api.send("GET", "acme", "/api/v1/workflows", "workflows:write", null).expectStatus().isForbidden();
	}

	@Test
	void theSchemaIsPublished() {
		this.api.get("acme", "/api/v1/workflows/schema")
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("Workflow definition");
	}

}
