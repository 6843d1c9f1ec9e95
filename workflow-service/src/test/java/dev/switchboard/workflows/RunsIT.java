package dev.switchboard.workflows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.conversations.ConversationCommand;
import dev.switchboard.events.messaging.SendMessageCommand;
import dev.switchboard.events.workflows.WorkflowRunChanged;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Manual runs through the API: steps, history, retries, versions, cancel, events. */
class RunsIT extends IntegrationSetup {

	@Autowired
	DatabaseClient database;

	@Test
	void aManualRunSetsBranchesAndSendsOnceWithAKeyOfRunAndStep() {
		String id = this.api.create("acme",
				"""
						{"name":"VIP greeting","trigger":{"type":"manual"},
						 "steps":[
						  {"id":"score","type":"set","values":{"score":"{{$.input.score}}","name":"{{$.input.name}}"}},
						  {"id":"vip","type":"branch","conditions":[{"path":"$.vars.score","op":"gte","value":90,"goto":"vip-reply"}],
						   "otherwise":"end"},
						  {"id":"vip-reply","type":"send_message","channel":"demo-meta","to":"{{$.input.phone}}",
						   "text":"Welcome back, {{$.vars.name}}"}]}
						""");

		Map<String, Object> started = startRun(id, "{\"score\":95,\"name\":\"Dana\",\"phone\":\"+15550001001\"}");
		String runId = (String) started.get("id");
		Map<String, Object> run = awaitRun(runId, "succeeded");

		assertThat(run).containsEntry("version", 1).containsEntry("trigger", "manual");
		assertThat(steps(run)).extracting((step) -> step.get("stepId") + ":" + step.get("outcome"))
			.containsExactly("score:succeeded", "vip:succeeded", "vip-reply:succeeded");
		await().atMost(PATIENCE).until(() -> commandsTo("+15550001001").size() == 1);
		EventEnvelope<SendMessageCommand> command = commandsTo("+15550001001").get(0);
		assertThat(command.data().text()).isEqualTo("Welcome back, Dana");
		assertThat(command.data().channelId()).isEqualTo("demo-meta");
		assertThat(command.data().idempotencyKey()).isEqualTo("workflow:" + runId + ":vip-reply");
		assertThat(command.data().messageId()).isEqualTo(
				UUID.nameUUIDFromBytes(("workflow-send:" + runId + ":vip-reply").getBytes(StandardCharsets.UTF_8))
					.toString());
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(eventsOf(runId)).extracting(WorkflowRunChanged::status)
				.containsExactly("running", "succeeded"));

		String lowRun = (String) startRun(id, "{\"score\":10,\"name\":\"Eli\",\"phone\":\"+15550001002\"}").get("id");
		assertThat(steps(awaitRun(lowRun, "succeeded"))).extracting((step) -> step.get("stepId"))
			.containsExactly("score", "vip");
		assertThat(commandsTo("+15550001002")).isEmpty();
	}

	@Test
	void aFailingStepIsRetriedWithBackoffThenFailsTheRunWithItsError() {
		String id = this.api.create("acme", """
				{"name":"No channel","trigger":{"type":"manual"},
				 "steps":[{"id":"reply","type":"send_message","to":"+15550002001","text":"hi",
				   "retry":{"maxAttempts":3,"backoff":"PT0.1S"}}]}
				""");

		String runId = (String) startRun(id, "{}").get("id");
		Map<String, Object> run = awaitRun(runId, "failed");

		assertThat((String) run.get("error")).contains("reply").contains("No channel");
		assertThat(steps(run)).extracting((step) -> step.get("attempt") + ":" + step.get("outcome"))
			.containsExactly("1:failed", "2:failed", "3:failed");
		assertThat(steps(run)).allSatisfy((step) -> assertThat((String) step.get("error")).contains("No channel"));
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(eventsOf(runId)).extracting(WorkflowRunChanged::status)
				.containsExactly("running", "running", "running", "failed"));
	}

	@Test
	void aRunKeepsTheVersionItStartedWithAndCanBeCancelledWhileWaiting() {
		String id = this.api.create("acme", """
				{"name":"Follow-up","trigger":{"type":"manual"},
				 "steps":[{"id":"pause","type":"wait","duration":"PT1H"},
				  {"id":"follow","type":"send_message","channel":"demo-meta","to":"+15550003001","text":"v1"}]}
				""");
		String runId = (String) startRun(id, "{}").get("id");
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(steps(run(runId))).hasSize(1));
		this.api.put("acme", "/api/v1/workflows/" + id, """
				{"name":"Follow-up","trigger":{"type":"manual"},
				 "steps":[{"id":"follow","type":"send_message","channel":"demo-meta","to":"+15550003001","text":"v2"}]}
				""").expectStatus().isOk();

		Map<String, Object> waiting = run(runId);
		assertThat(waiting).containsEntry("status", "running")
			.containsEntry("version", 1)
			.containsEntry("nextStep", "follow");
		assertThat(steps(waiting).get(0)).containsEntry("outcome", "waiting");

		this.api.post("acme", "/api/v1/runs/" + runId + "/cancel", null)
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("cancelled");
		this.api.post("acme", "/api/v1/runs/" + runId + "/cancel", null)
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("RUN_FINISHED");
		this.api.get("globex", "/api/v1/runs/" + runId).expectStatus().isNotFound();
		this.api.post("globex", "/api/v1/runs/" + runId + "/cancel", null).expectStatus().isNotFound();

		String second = (String) startRun(id, "{}").get("id");
		assertThat(awaitRun(second, "succeeded")).containsEntry("version", 2);
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> runs = (List<Map<String, Object>>) this.api
			.json("acme", "/api/v1/workflows/" + id + "/runs")
			.get("items");
		assertThat(runs).extracting((listed) -> listed.get("id")).containsExactly(second, runId);
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(commandsTo("+15550003001")).extracting((c) -> c.data().text())
				.containsExactly("v2"));
	}

	@Test
	void runsAreCountedPerWorkflow() {
		String id = this.api.create("acme", """
				{"name":"Counted","trigger":{"type":"manual"},"steps":[{"id":"a","type":"set","values":{"x":1}}]}
				""");
		awaitRun((String) startRun(id, "{}").get("id"), "succeeded");

		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(metrics())
				.contains("switchboard_workflows_runs_total{outcome=\"started\",workflow=\"" + id + "\"} 1.0")
				.contains("switchboard_workflows_runs_total{outcome=\"succeeded\",workflow=\"" + id + "\"} 1.0")
				.contains("switchboard_workflows_run_duration_seconds_count{outcome=\"succeeded\",workflow=\"" + id
						+ "\"} 1"));
	}

	@Test
	void tagAndAssignStepsIssueOneConversationCommandEachEvenWhenAttemptedAgain() {
		String conversationId = UUID.randomUUID().toString();
		String agentId = UUID.randomUUID().toString();
		String id = this.api.create("acme", """
				{"name":"Triage","trigger":{"type":"manual"},
				 "steps":[
				  {"id":"label","type":"tag","conversation":"{{$.input.conversation}}","add":["vip","{{$.input.tier}}"],
				   "remove":["new"]},
				  {"id":"route","type":"assign","conversation":"{{$.input.conversation}}","agentId":"%s"}]}
				""".formatted(agentId));

		String runId = (String) startRun(id, "{\"conversation\":\"" + conversationId + "\",\"tier\":\"gold\"}")
			.get("id");
		awaitRun(runId, "succeeded");
		await().atMost(PATIENCE).until(() -> commandsFor(conversationId).size() == 2);

		// The route step attempted again, as after a replica lost its claim mid-step.
		this.database.sql("""
				UPDATE workflows.runs SET status = 'running', step_id = 'route', attempt = 1, due_at = now(),
				finished_at = NULL WHERE id = :id""").bind("id", UUID.fromString(runId)).then().block(PATIENCE);
		await().atMost(PATIENCE)
			.until(() -> steps(run(runId)).size() == 3 && "succeeded".equals(run(runId).get("status")));
		await().atMost(PATIENCE).until(() -> commandsFor(conversationId).size() == 3);

		List<EventEnvelope<ConversationCommand>> commands = commandsFor(conversationId);
		assertThat(commands).extracting(EventEnvelope::id)
			.containsOnly(commandId(runId, "label"), commandId(runId, "route"));
		assertThat(commands).allSatisfy((command) -> {
			assertThat(command.id()).isEqualTo(command.data().commandId());
			assertThat(command.tenantId()).isEqualTo("acme");
			assertThat(command.data().actor()).isEqualTo("workflow:" + id);
		});
		ConversationCommand tag = commands.stream()
			.filter((command) -> command.id().equals(commandId(runId, "label")))
			.findFirst()
			.orElseThrow()
			.data();
		assertThat(tag.action()).isEqualTo("TAG");
		assertThat(tag.addTags()).containsExactly("vip", "gold");
		assertThat(tag.removeTags()).containsExactly("new");
		ConversationCommand assign = commands.stream()
			.filter((command) -> command.id().equals(commandId(runId, "route")))
			.findFirst()
			.orElseThrow()
			.data();
		assertThat(assign.action()).isEqualTo("ASSIGN");
		assertThat(assign.agentId()).isEqualTo(agentId);
	}

	@Test
	void aConversationStepWithoutAConversationFailsTheRun() {
		String id = this.api.create("acme", """
				{"name":"No conversation","trigger":{"type":"manual"},
				 "steps":[{"id":"off","type":"assign","unassign":true,"retry":{"maxAttempts":1}}]}
				""");
		Map<String, Object> run = awaitRun((String) startRun(id, "{}").get("id"), "failed");
		assertThat(run.get("error").toString()).contains("No conversation");
	}

	private static String commandId(String runId, String stepId) {
		return UUID
			.nameUUIDFromBytes(("workflow-conversation:" + runId + ":" + stepId).getBytes(StandardCharsets.UTF_8))
			.toString();
	}

	private Map<String, Object> startRun(String workflowId, String input) {
		return this.api.post("acme", "/api/v1/workflows/" + workflowId + "/runs", input)
			.expectStatus()
			.isCreated()
			.expectBody(WorkflowsApi.MAP)
			.returnResult()
			.getResponseBody();
	}

	private Map<String, Object> run(String runId) {
		return this.api.json("acme", "/api/v1/runs/" + runId);
	}

	private Map<String, Object> awaitRun(String runId, String status) {
		return await().atMost(PATIENCE).until(() -> run(runId), (run) -> status.equals(run.get("status")));
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> steps(Map<String, Object> run) {
		return (List<Map<String, Object>>) run.get("steps");
	}

	private String metrics() {
		return org.springframework.test.web.reactive.server.WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.managementPort)
			.build()
			.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

}
