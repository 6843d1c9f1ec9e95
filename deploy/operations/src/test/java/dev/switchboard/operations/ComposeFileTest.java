package dev.switchboard.operations;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.TopicAdmin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml}: valid Compose, every service built or pulled,
 * health-checked, started only after what it needs is healthy, and given the environment
 * its Spring configuration needs to find the containers instead of localhost.
 */
class ComposeFileTest {

	private static final Map<String, Object> COMPOSE = Repository.yaml("docker-compose.yml");

	/** Containers of the infrastructure and the simulators, besides the services. */
	private static final Set<String> SUPPORT = Set.of("kafka", "kafka-topics", "postgres", "redis", "simulators");

	/**
	 * Properties that may keep a localhost value in containers, and why.
	 * {@code switchboard.messaging.channels}: a fallback for tenants the gateway has not
	 * published; the demo tenant's channels come from {@code tenants.config.v1}.
	 */
	private static final List<String> LOCALHOST_ALLOWED = List.of("switchboard.messaging.channels.");

	/**
	 * The {@code $schema} of the vendored Compose schema, as the validator normalises it.
	 */
	private static final String COMPOSE_SCHEMA_DIALECT = "https://json-schema.org/draft/2019-09/schema";

	private static final Pattern CREATE = Pattern.compile("^\\s*create (\\S+)((?: --config \\S+)*)\\s*$",
			Pattern.MULTILINE);

	private static final Pattern CONFIG = Pattern.compile("--config (\\S+)=(\\S+)");

	@Test
	void isValidAgainstTheComposeSpecification() throws IOException {
		Schema schema = composeSchema();
		JsonNode compose = JsonMapper.builder().build().valueToTree(COMPOSE);
		List<Error> errors = schema.validate(compose);
		assertThat(errors).as("Compose specification violations").isEmpty();
	}

	@Test
	void theSchemaRefusesWhatComposeRefuses() throws IOException {
		Schema schema = composeSchema();
		Map<String, Object> broken = new LinkedHashMap<>(COMPOSE);
		Map<String, Object> services = new LinkedHashMap<>(services());
		Map<String, Object> gateway = new LinkedHashMap<>(service("gateway"));
		gateway.put("depends_on", Map.of("postgres", Map.of("condition", "service_ready")));
		gateway.put("helthcheck", Map.of());
		services.put("gateway", gateway);
		broken.put("services", services);
		assertThat(schema.validate(JsonMapper.builder().build().valueToTree(broken))).hasSizeGreaterThanOrEqualTo(2);
	}

	/**
	 * Where a Compose implementation is installed ({@code docker-compose}, no engine
	 * needed for this), it reads the file too: interpolation, merge keys, its own
	 * validation.
	 */
	@Test
	void composeItselfReadsTheFile() throws Exception {
		Optional<Path> compose = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.map((dir) -> Path.of(dir, "docker-compose"))
			.filter(Files::isExecutable)
			.findFirst();
		Assumptions.assumeTrue(compose.isPresent(), "docker-compose is not installed: checked by the schema only");
		Process process = new ProcessBuilder(compose.get().toString(), "-f",
				Repository.file("docker-compose.yml").toString(), "config", "--quiet")
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
	}

	@Test
	void everyServiceAndTheSimulatorsRun() {
		Set<String> expected = new java.util.TreeSet<>(ServiceModule.NAMES);
		expected.addAll(SUPPORT);
		assertThat(services().keySet()).containsExactlyInAnyOrderElementsOf(expected);
	}

	@Test
	void everyContainerHasAnImageAndEveryLongRunningOneAHealthCheck() {
		services().forEach((name, definition) -> {
			Map<String, Object> service = map(definition);
			assertThat(service.containsKey("image") || service.containsKey("build")).as(name + ": image or build")
				.isTrue();
			if (!oneShot(name)) {
				assertThat(map(service.get("healthcheck"))).as(name + ": healthcheck").containsKey("test");
			}
		});
	}

	@Test
	void containersStartOnlyOnceWhatTheyNeedIsHealthy() {
		services().forEach((name, definition) -> {
			map(map(definition).getOrDefault("depends_on", Map.of())).forEach((dependency, condition) -> {
				String expected = oneShot(dependency) ? "service_completed_successfully" : "service_healthy";
				assertThat(map(condition).get("condition")).as(name + " → " + dependency).isEqualTo(expected);
			});
		});
		for (String name : ServiceModule.NAMES) {
			assertThat(map(service(name).get("depends_on"))).as(name + " waits for the topics and Kafka")
				.containsKey("kafka-topics");
		}
	}

	@Test
	void servicesListenOnTheLocalStacksPortsAndAreHealthCheckedOnTheirReadiness() {
		for (ServiceModule module : ServiceModule.all()) {
			Map<String, Object> service = service(module.name());
			assertThat(strings(service.get("ports"))).as(module.name())
				.contains(module.httpPort() + ":" + module.httpPort())
				.contains("127.0.0.1:" + module.managementPort() + ":" + module.managementPort());
			Map<String, Object> args = map(map(service.get("build")).get("args"));
			assertThat(args).as(module.name() + " build")
				.containsEntry("JAR_FILE", module.jar())
				.containsEntry("HTTP_PORT", String.valueOf(module.httpPort()))
				.containsEntry("HEALTH_PORT", String.valueOf(module.managementPort()));
			assertThat(String.join(" ", strings(map(service.get("healthcheck")).get("test"))))
				.as(module.name() + " healthcheck")
				.contains("/dev/tcp/127.0.0.1/" + module.managementPort() + " ")
				.contains("GET /actuator/health/readiness ")
				.contains("grep -q ' 200 '");
			assertThat(environment(module.name())).as(module.name())
				.containsEntry("MANAGEMENT_SERVER_PORT", String.valueOf(module.managementPort()));
		}
		assertThat(strings(service("kafka").get("ports"))).contains("9092:9092");
		assertThat(strings(service("postgres").get("ports"))).contains("5432:5432");
		assertThat(strings(service("redis").get("ports"))).contains("6379:6379");
		assertThat(strings(service("simulators").get("ports"))).contains("8090:8090");
	}

	@Test
	void servicesRunLockedDown() {
		for (String name : ServiceModule.NAMES) {
			Map<String, Object> service = service(name);
			assertThat(service.get("read_only")).as(name).isEqualTo(true);
			assertThat(strings(service.get("tmpfs"))).as(name).containsExactly("/tmp");
			assertThat(strings(service.get("cap_drop"))).as(name).containsExactly("ALL");
		}
	}

	/**
	 * Each service's configuration, with the environment compose gives it, resolves every
	 * placeholder and points at no localhost: the demo tenant's local profile is active,
	 * the infrastructure and the simulators are other containers.
	 */
	@Test
	void everyServiceGetsTheEnvironmentItNeeds() {
		for (String name : ServiceModule.NAMES) {
			Map<String, String> environment = environment(name);
			assertThat(environment).as(name + ": the demo tenant's profile")
				.containsEntry("SPRING_PROFILES_ACTIVE", "local");
			SpringConfig config = SpringConfig.of(name, environment);
			assertThat(config.unresolvable()).as(name + ": placeholders nothing provides").isEmpty();
			assertThat(config.emptySecrets(name)).as(name + ": keys and secrets left empty").isEmpty();
			Map<String, String> localhost = new TreeMap<>();
			config.resolved().forEach((key, value) -> {
				boolean allowed = LOCALHOST_ALLOWED.stream().anyMatch(key::startsWith);
				if (!allowed && (value.contains("localhost") || value.contains("127.0.0.1"))) {
					localhost.put(key, value);
				}
			});
			assertThat(localhost).as(name + ": settings still pointing at localhost").isEmpty();
			assertThat(config.value("switchboard.kafka.bootstrap-servers")).as(name).isEqualTo("kafka:19092");
		}
		for (String name : List.of("gateway", "messaging-service", "order-service", "template-service")) {
			SpringConfig config = SpringConfig.of(name, environment(name));
			assertThat(config.value("spring.r2dbc.url")).as(name).startsWith("r2dbc:postgresql://postgres:5432/");
			assertThat(config.value("spring.flyway.url")).as(name)
				.isEqualTo("jdbc:postgresql://postgres:5432/switchboard");
			assertThat(config.value("spring.data.redis.url")).as(name).isEqualTo("redis://redis:6379");
		}
	}

	/** Compose waits for what a service does on SIGTERM before it kills it. */
	@Test
	void stopGraceCoversTheGracefulShutdown() {
		for (String name : ServiceModule.NAMES) {
			String grace = String.valueOf(service(name).get("stop_grace_period"));
			assertThat(grace).as(name).matches("\\d+s");
			int needed = KubernetesManifestsTest.shutdownSeconds(name);
			assertThat(Integer.parseInt(grace.replace("s", ""))).as(name).isGreaterThanOrEqualTo(needed);
		}
	}

	@Test
	void theSimulatorsPostWebhooksToWebhookIngest() {
		assertThat(environment("simulators")).containsEntry("SWITCHBOARD_SIMULATORS_WEBHOOK_URL",
				"http://webhook-ingest:8081/webhooks/whatsapp");
	}

	/**
	 * The topics exist before any service starts, exactly as the services would create
	 * them.
	 */
	@Test
	void topicsAreCreatedFromTheCatalog() {
		String script = strings(service("kafka-topics").get("command")).get(0);
		Matcher partitions = Pattern.compile("--partitions (\\d+)").matcher(script);
		assertThat(partitions.find()).isTrue();
		Map<String, Map<String, String>> created = new TreeMap<>();
		Matcher create = CREATE.matcher(script);
		while (create.find()) {
			Map<String, String> configs = new TreeMap<>();
			Matcher config = CONFIG.matcher(create.group(2));
			while (config.find()) {
				configs.put(config.group(1), config.group(2));
			}
			created.put(create.group(1), configs);
		}
		Map<String, Map<String, String>> expected = new TreeMap<>();
		for (Topic topic : Topic.values()) {
			NewTopic newTopic = TopicAdmin.newTopic(topic.topicName());
			assertThat(Integer.parseInt(partitions.group(1))).as(topic.topicName()).isEqualTo(newTopic.numPartitions());
			expected.put(topic.topicName(), new TreeMap<>(newTopic.configs()));
		}
		assertThat(created).isEqualTo(expected);
		assertThat(environment("kafka")).containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
	}

	/**
	 * The vendored schema names draft 2019-09 but identifies its parts with draft 4's
	 * {@code id}: read as that draft with {@code id} as the identifier keyword.
	 */
	private static Schema composeSchema() throws IOException {
		Dialect dialect = Dialect.builder(COMPOSE_SCHEMA_DIALECT, Dialects.getDraft201909())
			.idKeyword("id")
			.keywords((keywords) -> keywords.remove("id"))
			.build();
		try (InputStream in = ComposeFileTest.class.getResourceAsStream("/compose-spec/compose-spec.json")) {
			// A base for the schema's relative id (compose_spec.json).
			return SchemaRegistry.withDialect(dialect)
				.getSchema(SchemaLocation.of("https://compose-spec.io/schema/compose-spec.json"), in, InputFormat.JSON);
		}
	}

	private static boolean oneShot(String name) {
		return "no".equals(map(services().get(name)).get("restart"));
	}

	static Map<String, Object> services() {
		return map(COMPOSE.get("services"));
	}

	static Map<String, Object> service(String name) {
		Map<String, Object> service = map(services().get(name));
		assertThat(service).as("compose service " + name).isNotEmpty();
		return service;
	}

	/** A compose service's environment (map form), values as strings. */
	static Map<String, String> environment(String name) {
		Map<String, String> environment = new LinkedHashMap<>();
		map(service(name).get("environment")).forEach((key, value) -> environment.put(key, String.valueOf(value)));
		return environment;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value) {
		return (value instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

	static List<String> strings(Object value) {
		List<String> strings = new ArrayList<>();
		if (value instanceof List<?> list) {
			list.forEach((item) -> strings.add(String.valueOf(item)));
		}
		else if (value != null) {
			strings.add(String.valueOf(value));
		}
		return strings;
	}

}
