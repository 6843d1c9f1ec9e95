package dev.switchboard.e2e;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metric names found in PromQL expressions, on the shapes a dashboard and a rules
 * file use and the ones that trip a naive scan.
 */
class PromQlMetricNamesTest {

	@Test
	void aggregationWithGroupingBeforeItsParenthesis() {
		assertThat(PromQlMetricNames.of("sum by (le) (rate(x_bucket{a=\"b\"}[5m]))")).containsExactly("x_bucket");
		assertThat(PromQlMetricNames.of("sum without (instance, pod) (up)")).containsExactly("up");
		assertThat(PromQlMetricNames.of("max(a) by (group)")).containsExactly("a");
		assertThat(PromQlMetricNames.of("topk(5, sum by (job) (rate(b_total[1m])))")).containsExactly("b_total");
	}

	@Test
	void functionsAndTheirNumbersAreNoMetrics() {
		assertThat(PromQlMetricNames
			.of("histogram_quantile(0.99, sum by (le, uri) (rate(http_server_requests_seconds_bucket{job=\"webhook-ingest\"}[5m]))) > 1"))
			.containsExactly("http_server_requests_seconds_bucket");
		assertThat(PromQlMetricNames.of("clamp_min(absent(foo), 1e-3) * 0x1F + .5 - inf")).containsExactly("foo");
	}

	@Test
	void vectorMatchingListsAreLabels() {
		assertThat(PromQlMetricNames
			.of("errors_total / on(instance, job) group_left(version) build_info * ignoring(code) group_right requests_total"))
			.containsExactly("errors_total", "build_info", "requests_total");
		assertThat(PromQlMetricNames.of("a and on() b unless ignoring (x) c or d > bool 0")).containsExactly("a", "b",
				"c", "d");
	}

	@Test
	void offsetsRangesAndSubqueries() {
		assertThat(PromQlMetricNames.of("rate(a_total[5m] offset 1h) - rate(a_total[5m:30s] offset -5m)"))
			.containsExactly("a_total");
		assertThat(PromQlMetricNames.of("max_over_time(deriv(g[1h30m])[1d:]) @ start()")).containsExactly("g");
	}

	@Test
	void labelValuesThatLookLikeMetricsAreNoMetrics() {
		assertThat(PromQlMetricNames
			.of("sum(rate(http_server_requests_seconds_count{uri=~\"/api/v1/messages|sum(rate(other_total))\", "
					+ "status!='5xx_total', job=`fake_metric{x}`}[5m]))"))
			.containsExactly("http_server_requests_seconds_count");
		assertThat(PromQlMetricNames.of("a{label=\"with \\\" quote and b_total\"}")).containsExactly("a");
	}

	@Test
	void grafanaVariablesAreNoMetrics() {
		assertThat(PromQlMetricNames.of("sum by (phone_number_id) (rate(s_total{job=\"$job\"}[$__rate_interval])) "
				+ "/ ${divisor} + increase(d_total[$__range])"))
			.containsExactly("s_total", "d_total");
	}

	@Test
	void bareSelectorsAndNameMatchers() {
		assertThat(PromQlMetricNames.of("up")).containsExactly("up");
		assertThat(PromQlMetricNames.of("sum(count)")).containsExactly("count");
		assertThat(PromQlMetricNames.of("{__name__=\"by_name_total\", job=\"x\"}")).containsExactly("by_name_total");
		assertThat(PromQlMetricNames.of("{__name__=~\"any_.*\"}")).isEmpty();
		assertThat(PromQlMetricNames.of("recording:rule:rate5m # a comment naming not_a_metric"))
			.containsExactly("recording:rule:rate5m");
	}

}
