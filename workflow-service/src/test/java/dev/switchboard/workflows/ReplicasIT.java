package dev.switchboard.workflows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.switchboard.infra.SharedInfra;
import dev.switchboard.infra.SpringInfraProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several instances of the service on one database schema of their own (event triggers
 * off, so that they leave the shared context's consumer groups alone): a cron trigger
 * fires once per fire with two replicas, and a waiting run goes on after every replica
 * was stopped and a new one started.
 */
class ReplicasIT extends IntegrationSetup {

	static final String SCHEMA = "workflows_replicas";

	private final List<ConfigurableApplicationContext> instances = new java.util.ArrayList<>();

	@AfterEach
	void stopInstances() {
		this.instances.forEach(ConfigurableApplicationContext::close);
		this.instances.clear();
	}

	@Test
	void aCronTriggerFiresOnceWithTwoReplicas() {
		ConfigurableApplicationContext first = startInstance();
		ConfigurableApplicationContext second = startInstance();
		WorkflowsApi api = api(first);
		String id = api.create("cron2", """
				{"name":"Every second","trigger":{"type":"cron","cron":"* * * * * *","timeZone":"Europe/Paris"},
				 "steps":[{"id":"tick","type":"send_message","channel":"demo-meta","to":"+15550008001",
				   "text":"fired at {{$.trigger.firedAt}}"}]}
				""");
		await().atMost(PATIENCE).until(() -> runs(api, id).size() >= 4);
		api(second).post("cron2", "/api/v1/workflows/" + id + "/disable", null).expectStatus().isOk();

		// Settled: no fire after the disable, every run ended.
		List<Map<String, Object>> runs = await().atMost(PATIENCE)
			.until(() -> runs(api, id),
					(listed) -> listed.stream().allMatch((run) -> "succeeded".equals(run.get("status"))));
		assertThat(runs).extracting((run) -> ((Map<?, ?>) ((Map<?, ?>) run.get("data")).get("trigger")).get("firedAt"))
			.doesNotHaveDuplicates();
		await().atMost(PATIENCE).until(() -> commandsTo("+15550008001").size() >= runs.size());
		assertThat(commandsTo("+15550008001")).hasSize(runs.size())
			.extracting((command) -> command.data().text())
			.doesNotHaveDuplicates();
		assertThat(started(first, id) + started(second, id)).isEqualTo(runs.size());
	}

	@Test
	void aWaitSurvivesARestart() {
		ConfigurableApplicationContext before = startInstance();
		WorkflowsApi api = api(before);
		String id = api.create("restart",
				"""
						{"name":"Later","trigger":{"type":"manual"},
						 "steps":[{"id":"pause","type":"wait","duration":"PT3S"},
						  {"id":"later","type":"send_message","channel":"demo-meta","to":"+15550009001","text":"after the wait"}]}
						""");
		String runId = (String) api.post("restart", "/api/v1/workflows/" + id + "/runs", "{}")
			.expectStatus()
			.isCreated()
			.expectBody(WorkflowsApi.MAP)
			.returnResult()
			.getResponseBody()
			.get("id");
		await().atMost(PATIENCE).until(() -> RunsIT.steps(api.json("restart", "/api/v1/runs/" + runId)).size() == 1);
		before.close();
		this.instances.remove(before);

		ConfigurableApplicationContext after = startInstance();
		Map<String, Object> run = await().atMost(PATIENCE)
			.until(() -> api(after).json("restart", "/api/v1/runs/" + runId),
					(found) -> "succeeded".equals(found.get("status")));
		assertThat(RunsIT.steps(run)).extracting((step) -> step.get("stepId") + ":" + step.get("outcome"))
			.containsExactly("pause:waiting", "later:succeeded");
		await().atMost(PATIENCE).until(() -> commandsTo("+15550009001").size() == 1);
	}

	private ConfigurableApplicationContext startInstance() {
		Map<String, Object> properties = new HashMap<>();
		properties().forEach((name, value) -> properties.put(name, value.get()));
		SpringInfraProperties.forService(SharedInfra.get(), SCHEMA).forEach(properties::put);
		properties.put("server.port", "0");
		properties.put("management.server.port", "0");
		properties.put("switchboard.workflows.event-triggers.enabled", "false");
		// As arguments: above the application's own configuration files.
		String[] arguments = properties.entrySet()
			.stream()
			.map((property) -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
		ConfigurableApplicationContext instance = new SpringApplicationBuilder(WorkflowServiceApplication.class)
			.profiles("local")
			.initializers(ReplicasIT::ownNettyResources)
			.run(arguments);
		this.instances.add(instance);
		return instance;
	}

	/**
	 * Event loops of the instance's own: closing an instance that used Reactor Netty's
	 * global ones would dispose them under the shared test context's servers too.
	 */
	private static void ownNettyResources(ConfigurableApplicationContext instance) {
		((GenericApplicationContext) instance).registerBean(ReactorResourceFactory.class, () -> {
			ReactorResourceFactory resources = new ReactorResourceFactory();
			resources.setUseGlobalResources(false);
			return resources;
		});
	}

	private static WorkflowsApi api(ConfigurableApplicationContext instance) {
		return new WorkflowsApi(Integer.parseInt(instance.getEnvironment().getProperty("local.server.port")));
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> runs(WorkflowsApi api, String workflowId) {
		return (List<Map<String, Object>>) api.json("cron2", "/api/v1/workflows/" + workflowId + "/runs").get("items");
	}

	/** Runs the instance counted as started for the workflow. */
	private static long started(ConfigurableApplicationContext instance, String workflowId) {
		String metrics = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + instance.getEnvironment().getProperty("local.management.port"))
			.build()
			.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		Matcher count = Pattern
			.compile(
					"switchboard_workflows_runs_total\\{outcome=\"started\",workflow=\"" + workflowId + "\"} ([0-9.]+)")
			.matcher(metrics);
		return count.find() ? (long) Double.parseDouble(count.group(1)) : 0;
	}

}
