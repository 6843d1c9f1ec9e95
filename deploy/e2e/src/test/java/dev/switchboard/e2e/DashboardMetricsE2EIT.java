package dev.switchboard.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.switchboard.local.LocalStack;
import dev.switchboard.local.ServiceProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Grafana dashboard and the Prometheus alert rules (deploy/observability) against the
 * running services: both files are well formed (promtool is not at hand, so this is their
 * validation), and every metric their queries name is served by some service's
 * {@code /actuator/prometheus} once the traffic that registers the lazy meters has
 * passed: a customer message (webhook latency buckets, ingest counters), a template send
 * through the gateway (the route's and the channel's circuit breakers, the number's send
 * meters) and a webhook with a wrong signature (the rejection counter).
 */
@ExtendWith(E2EStack.class)
class DashboardMetricsE2EIT {

	static final String ALERTS = "deploy/observability/prometheus/alerts.yml";

	static final String DASHBOARD = "deploy/observability/grafana/switchboard.json";

	static final String OPERATIONS = "docs/operations.md";

	/** Series a metric family may be scraped as, beside its own name. */
	private static final List<String> FAMILY_SUFFIXES = List.of("_bucket", "_count", "_sum", "_total", "_max");

	private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");

	private static final Pattern DURATION = Pattern.compile("(\\d+(ms|[smhdwy]))+");

	private static final String DEMO_NUMBER = "100000000000001";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static LocalStack stack;

	private static E2EClients clients;

	@BeforeAll
	static void clients() {
		stack = E2EStack.stack();
		clients = E2EClients.demo(stack);
	}

	@Test
	void alertRulesAreAWellFormedRulesFile() {
		Map<String, Object> file = new Yaml().load(read(ALERTS));
		List<Map<String, Object>> groups = list(file.get("groups"));
		assertThat(groups).as("groups").isNotEmpty();
		Set<String> anchors = headingAnchors(read(OPERATIONS));
		Set<String> groupNames = new HashSet<>();
		Set<String> alertNames = new HashSet<>();
		for (Map<String, Object> group : groups) {
			assertThat(group).containsOnlyKeys("name", "rules");
			assertThat(groupNames.add(text(group.get("name")))).as("group names unique").isTrue();
			List<Map<String, Object>> rules = list(group.get("rules"));
			assertThat(rules).as(group.get("name") + " rules").isNotEmpty();
			for (Map<String, Object> rule : rules) {
				String alert = text(rule.get("alert"));
				assertThat(rule).as(alert).containsOnlyKeys("alert", "expr", "for", "labels", "annotations");
				assertThat(alertNames.add(alert)).as(alert + " unique").isTrue();
				assertWellFormed(alert, text(rule.get("expr")));
				assertThat(text(rule.get("for"))).as(alert + " for").matches(DURATION);
				Map<String, Object> labels = map(rule.get("labels"));
				assertThat(SEVERITIES).as(alert + " severity").contains(text(labels.get("severity")));
				Map<String, Object> annotations = map(rule.get("annotations"));
				assertThat(annotations).as(alert + " annotations")
					.containsOnlyKeys("summary", "description", "runbook_url");
				assertThat(text(annotations.get("summary"))).as(alert + " summary").isNotBlank();
				assertThat(text(annotations.get("description"))).as(alert + " description").isNotBlank();
				String runbook = text(annotations.get("runbook_url"));
				assertThat(runbook).as(alert + " runbook").isEqualTo(OPERATIONS + "#" + alert.toLowerCase(Locale.ROOT));
				assertThat(anchors).as(alert + ": a section of " + OPERATIONS)
					.contains(runbook.substring(runbook.indexOf('#') + 1));
			}
		}
	}

	@Test
	void dashboardHasUniquePanelIdsADatasourceVariableAndQueriesInEveryPanel() {
		JsonNode dashboard = JSON.readTree(read(DASHBOARD));
		assertThat(dashboard.path("title").asString()).isNotBlank();
		assertThat(dashboard.path("uid").asString()).isNotBlank();
		List<String> datasources = new ArrayList<>();
		for (JsonNode variable : dashboard.path("templating").path("list")) {
			if (variable.path("type").asString().equals("datasource")) {
				assertThat(variable.path("query").asString()).isEqualTo("prometheus");
				datasources.add(variable.path("name").asString());
			}
		}
		assertThat(datasources).as("a Prometheus datasource variable").hasSize(1);
		String datasource = "${" + datasources.get(0) + "}";
		Set<Integer> ids = new HashSet<>();
		List<JsonNode> panels = panels(dashboard);
		assertThat(panels).isNotEmpty();
		for (JsonNode panel : panels) {
			String title = panel.path("title").asString();
			assertThat(panel.path("id").isInt()).as(title + " id").isTrue();
			assertThat(ids.add(panel.path("id").asInt())).as(title + ": id " + panel.path("id") + " unique").isTrue();
			assertThat(panel.path("gridPos").path("w").asInt()).as(title + " width").isBetween(1, 24);
			if (panel.path("type").asString().equals("row")) {
				continue;
			}
			assertThat(panel.path("datasource").path("uid").asString()).as(title + " datasource").isEqualTo(datasource);
			assertThat(panel.path("targets").size()).as(title + ": at least one query").isPositive();
			Set<String> refIds = new HashSet<>();
			for (JsonNode target : panel.path("targets")) {
				assertThat(refIds.add(target.path("refId").asString())).as(title + " refIds unique").isTrue();
				assertWellFormed(title, target.path("expr").asString());
			}
		}
	}

	@Test
	void everyMetricTheDashboardAndTheAlertsNameIsServed() {
		Map<String, Set<String>> named = namedMetrics();
		assertThat(named).as("metric names found in the queries").hasSizeGreaterThan(10);

		// A customer writes: a signed webhook through webhook-ingest (its latency
		// buckets, accepted events) that also opens the customer-service window.
		assertThat(stack.simulators()
			.meta()
			.postIncomingText(DEMO_NUMBER, "+972500007701", "Metrics", "Hello")
			.block(Duration.ofSeconds(30))).isEqualTo(200);
		// A webhook with a wrong signature: the rejection counter.
		byte[] forged = "{\"object\":\"whatsapp_business_account\",\"entry\":[]}".getBytes(StandardCharsets.UTF_8);
		assertThat(stack.simulators().meta().postRaw(forged, "sha256=" + "0".repeat(64)).block(Duration.ofSeconds(30)))
			.isEqualTo(401);
		// A template send through the gateway: the route's breaker, the channel's breaker
		// and the number's send meters.
		E2EClients.accepted(clients.post("/api/v1/messages")
			.header("Idempotency-Key", "metrics-" + System.nanoTime())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("to", "+972500007701", "channelId", "demo-meta", "type", "template", "template",
					E2EClients.CONFIRMATION))
			.exchange());

		Map<String, String> missing = new TreeMap<>();
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
			Map<String, Set<String>> served = served();
			missing.clear();
			named.forEach((name, where) -> {
				if (servedBy(name, served).isEmpty()) {
					missing.put(name, String.join(", ", where));
				}
			});
			assertThat(missing).as("metrics named (and where) that no service serves").isEmpty();
		});
	}

	/**
	 * Every metric name of the dashboard's and the rules' queries, with where it is used.
	 */
	private static Map<String, Set<String>> namedMetrics() {
		Map<String, Set<String>> named = new TreeMap<>();
		Map<String, Object> rules = new Yaml().load(read(ALERTS));
		for (Map<String, Object> group : list(rules.get("groups"))) {
			for (Map<String, Object> rule : list(group.get("rules"))) {
				for (String name : PromQlMetricNames.of(text(rule.get("expr")))) {
					named.computeIfAbsent(name, (key) -> new TreeSet<>()).add("alert " + rule.get("alert"));
				}
			}
		}
		for (JsonNode panel : panels(JSON.readTree(read(DASHBOARD)))) {
			for (JsonNode target : panel.path("targets")) {
				for (String name : PromQlMetricNames.of(target.path("expr").asString())) {
					named.computeIfAbsent(name, (key) -> new TreeSet<>())
						.add("panel " + panel.path("title").asString());
				}
			}
		}
		return named;
	}

	/** The services serving a metric: by its name, or as a family's series. */
	private static Set<String> servedBy(String name, Map<String, Set<String>> served) {
		Set<String> services = new TreeSet<>();
		served.forEach((service, names) -> {
			if (names.contains(name) || FAMILY_SUFFIXES.stream().anyMatch((suffix) -> names.contains(name + suffix))) {
				services.add(service);
			}
		});
		return services;
	}

	/**
	 * Per service, the names of the series its {@code /actuator/prometheus} serves now.
	 */
	private static Map<String, Set<String>> served() throws IOException, InterruptedException {
		Map<String, Set<String>> served = new LinkedHashMap<>();
		for (ServiceProcess service : stack.services()) {
			HttpResponse<String> scrape = HTTP
				.send(HttpRequest.newBuilder(URI.create(service.spec().managementUrl() + "/actuator/prometheus"))
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(scrape.statusCode()).as(service.spec().name() + " /actuator/prometheus").isEqualTo(200);
			Set<String> names = new HashSet<>();
			scrape.body()
				.lines()
				.filter((line) -> !line.isBlank() && !line.startsWith("#"))
				.map((line) -> line.split("[{ ]", 2)[0])
				.forEach(names::add);
			served.put(service.spec().name(), names);
		}
		return served;
	}

	/**
	 * Balanced brackets outside strings and at least one metric: what a typo most often
	 * breaks.
	 */
	private static void assertWellFormed(String where, String expr) {
		assertThat(expr).as(where + " expr").isNotBlank();
		StringBuilder open = new StringBuilder();
		char quote = 0;
		for (int i = 0; i < expr.length(); i++) {
			char c = expr.charAt(i);
			if (quote != 0) {
				if (c == '\\') {
					i++;
				}
				else if (c == quote) {
					quote = 0;
				}
			}
			else if (c == '"' || c == '\'' || c == '`') {
				quote = c;
			}
			else if ("([{".indexOf(c) >= 0) {
				open.append(c);
			}
			else if (")]}".indexOf(c) >= 0) {
				assertThat(open).as(where + ": '" + c + "' closes nothing in " + expr).isNotEmpty();
				char opening = open.charAt(open.length() - 1);
				assertThat("([{".indexOf(opening)).as(where + ": '" + c + "' closes '" + opening + "' in " + expr)
					.isEqualTo(")]}".indexOf(c));
				open.setLength(open.length() - 1);
			}
		}
		assertThat((int) quote).as(where + ": unterminated string in " + expr).isZero();
		assertThat(open).as(where + ": unclosed in " + expr).isEmpty();
		assertThat(PromQlMetricNames.of(expr)).as(where + ": a metric in " + expr).isNotEmpty();
	}

	/** Every panel, those inside collapsed rows too. */
	private static List<JsonNode> panels(JsonNode dashboard) {
		List<JsonNode> panels = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels")) {
			panels.add(panel);
			panel.path("panels").forEach(panels::add);
		}
		return panels;
	}

	/** GitHub's anchors of a Markdown file's headings. */
	private static Set<String> headingAnchors(String markdown) {
		Set<String> anchors = new HashSet<>();
		markdown.lines()
			.filter((line) -> line.startsWith("#"))
			.map((line) -> line.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT))
			.map((heading) -> heading.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'))
			.forEach(anchors::add);
		return anchors;
	}

	private static String read(String relative) {
		try {
			return Files.readString(root().resolve(relative));
		}
		catch (IOException ex) {
			throw new AssertionError("Cannot read " + relative, ex);
		}
	}

	private static Path root() {
		return LocalStack.repositoryRoot();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Object value) {
		assertThat(value).isInstanceOf(List.class);
		return (List<Map<String, Object>>) value;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	private static String text(Object value) {
		assertThat(value).isInstanceOf(String.class);
		return (String) value;
	}

}
