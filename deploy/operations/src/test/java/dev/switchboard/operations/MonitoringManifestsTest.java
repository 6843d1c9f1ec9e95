package dev.switchboard.operations;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.operations.Manifests.Manifest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitoring resources of {@code deploy/k8s/base} are the files operators use outside
 * Kubernetes ({@code deploy/observability}): the PrometheusRule holds exactly the rule
 * groups of the Prometheus rules file, the dashboard ConfigMap exactly the Grafana
 * dashboard, labelled for Grafana's sidecar. Whether the metrics they name exist is
 * checked against the running services (deploy/e2e, DashboardMetricsE2EIT).
 */
class MonitoringManifestsTest {

	static final String ALERTS = "deploy/observability/prometheus/alerts.yml";

	static final String DASHBOARD = "deploy/observability/grafana/switchboard.json";

	@Test
	void thePrometheusRuleHoldsTheRulesFilesGroups() {
		Manifest rule = only("PrometheusRule");
		assertThat(rule.model()).isInstanceOf(PrometheusRule.class);
		Object groups = ComposeFileTest.map(rule.raw().get("spec")).get("groups");
		assertThat(groups).as(rule.file() + " against " + ALERTS).isEqualTo(Repository.yaml(ALERTS).get("groups"));
		PrometheusRule typed = (PrometheusRule) rule.model();
		assertThat(typed.spec().groups()).flatMap(PrometheusRule.Group::rules)
			.isNotEmpty()
			.allSatisfy((alert) -> assertThat(alert.labels()).containsKey("severity"));
	}

	@Test
	void theDashboardConfigMapHoldsTheDashboard() throws Exception {
		Manifest manifest = only("ConfigMap", "switchboard-grafana-dashboard");
		ConfigMap configMap = (ConfigMap) manifest.model();
		assertThat(configMap.getMetadata().getLabels()).as("found by Grafana's dashboard sidecar")
			.containsEntry("grafana_dashboard", "1");
		assertThat(configMap.getData()).containsOnlyKeys("switchboard.json");
		ObjectMapper json = new ObjectMapper();
		JsonNode inConfigMap = json.readTree(configMap.getData().get("switchboard.json"));
		assertThat(inConfigMap).as(manifest.file() + " against " + DASHBOARD)
			.isEqualTo(json.readTree(Repository.read(DASHBOARD)));
	}

	private static Manifest only(String kind, String... name) {
		List<Manifest> found = Manifests.load("base")
			.stream()
			.filter((manifest) -> manifest.kind().equals(kind))
			.filter((manifest) -> name.length == 0 || manifest.name().equals(name[0]))
			.toList();
		assertThat(found).as(kind).hasSize(1);
		return found.get(0);
	}

}
