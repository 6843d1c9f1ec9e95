package dev.switchboard.operations;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * The part of the Prometheus operator's {@code PrometheusRule} (monitoring.coreos.com/v1)
 * the manifests use, which is also a Prometheus rules file's shape below {@code groups};
 * any other field fails the read.
 *
 * @param apiVersion monitoring.coreos.com/v1
 * @param kind PrometheusRule
 * @param metadata name and labels
 * @param spec the rule groups
 */
record PrometheusRule(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

	/**
	 * @param groups the rule groups
	 */
	record Spec(List<Group> groups) {
	}

	/**
	 * @param name the group's name
	 * @param rules its alerting rules
	 */
	record Group(String name, List<Rule> rules) {
	}

	/**
	 * @param alert the alert's name
	 * @param expr the PromQL expression
	 * @param forDuration how long the expression must hold before the alert fires
	 * @param labels labels added to the alert (severity)
	 * @param annotations summary, description, runbook_url
	 */
	record Rule(String alert, String expr, @JsonProperty("for") String forDuration, Map<String, String> labels,
			Map<String, String> annotations) {
	}

}
