package dev.switchboard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.switchboard.local.ServiceSpec;

/**
 * What {@link StatusBench} reads of a service's metrics: its Prometheus scrape, and the
 * histograms in it.
 */
final class ServiceMetrics {

	private ServiceMetrics() {
	}

	/** The service's {@code /actuator/prometheus} text, from its management port. */
	static String scrape(String serviceUrl) throws Exception {
		URI service = URI.create(serviceUrl);
		URI metrics = URI.create("http://" + service.getHost() + ":"
				+ (service.getPort() + ServiceSpec.MANAGEMENT_OFFSET) + "/actuator/prometheus");
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
			.body();
	}

	/** One Prometheus histogram (or summary), summed over the series with a label. */
	record Histogram(double count, double sum, double max, TreeMap<Double, Double> buckets) {

		static Histogram of(String scrape, String name, String label) {
			double count = 0;
			double sum = 0;
			double max = 0;
			TreeMap<Double, Double> buckets = new TreeMap<>();
			for (String line : scrape.split("\n")) {
				if (!line.startsWith(name + "_") || !line.contains(label) || line.contains("actuator")) {
					continue;
				}
				String metric = line.substring(0, line.indexOf((line.indexOf('{') > 0) ? '{' : ' '));
				double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
				switch (metric.substring(name.length())) {
					case "_count" -> count += value;
					case "_sum" -> sum += value;
					case "_max" -> max = Math.max(max, value);
					case "_bucket" -> {
						int from = line.indexOf("le=\"") + 4;
						String le = line.substring(from, line.indexOf('"', from));
						buckets.merge(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), value,
								Double::sum);
					}
					default -> {
					}
				}
			}
			return new Histogram(count, sum, max, buckets);
		}

		/**
		 * What was counted since {@code earlier}; the maximum stays this one's
		 * (Micrometer keeps it over a sliding window, so it is the measured phase's).
		 */
		Histogram minus(Histogram earlier) {
			TreeMap<Double, Double> since = new TreeMap<>(this.buckets);
			earlier.buckets.forEach((bound, value) -> since.merge(bound, -value, Double::sum));
			return new Histogram(this.count - earlier.count, this.sum - earlier.sum, this.max, since);
		}

		double mean() {
			return this.sum / Math.max(1, this.count);
		}

		/** The upper bound of the first cumulative bucket holding that share. */
		double atMost(double share) {
			return this.buckets.entrySet()
				.stream()
				.filter((bucket) -> bucket.getValue() >= this.count * share)
				.map(Map.Entry::getKey)
				.findFirst()
				.orElse(Double.NaN);
		}

		String describe() {
			return String.format(Locale.ROOT, "count=%.0f mean_ms=%.1f p50_ms<=%.1f p99_ms<=%.1f max_ms=%.1f",
					this.count, mean() * 1000, atMost(0.5) * 1000, atMost(0.99) * 1000, this.max * 1000);
		}

		/**
		 * Like {@link #describe()}, with the 95th percentile's bucket too and without the
		 * maximum: Micrometer's spans its last two minutes, longer than one short phase.
		 */
		String percentiles() {
			return String.format(Locale.ROOT, "count=%.0f mean_ms=%.1f p50_ms<=%.1f p95_ms<=%.1f p99_ms<=%.1f",
					this.count, mean() * 1000, atMost(0.5) * 1000, atMost(0.95) * 1000, atMost(0.99) * 1000);
		}

	}

}
