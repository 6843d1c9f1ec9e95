package dev.switchboard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.concurrent.locks.LockSupport;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The visibility probe of {@link StatusBench}: beside wrk's load, posts one signed status
 * webhook at a time at a fixed rate and reads the message back through the gateway until
 * the status shows. Not a load generator: one request in flight at a time, a few per
 * second.
 */
final class StatusBenchProbe {

	/** Between two reads of a message not yet showing its status. */
	private static final Duration READ_INTERVAL = Duration.ofMillis(5);

	/** A status not visible after this counts as lost (and as this late). */
	private static final Duration GIVE_UP = Duration.ofSeconds(10);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final URI webhookUrl;

	private final String gatewayUrl;

	private final String key;

	private final String appSecret;

	private long posted;

	StatusBenchProbe(String webhookUrl, String gatewayUrl, String key, String appSecret) {
		this.webhookUrl = URI.create(webhookUrl);
		this.gatewayUrl = gatewayUrl;
		this.key = key;
		this.appSecret = appSecret;
	}

	/** Webhooks the probe had answered 2xx. */
	long posted() {
		return this.posted;
	}

	/**
	 * Probes {@code perSecond} statuses a second for {@code seconds}; returns the
	 * {@code RESULT} line.
	 * @param ids the message id of probe {@code k}
	 * @param webhooks the webhook body of probe {@code k} (status {@code sent})
	 */
	String run(int perSecond, int seconds, IntFunction<String> ids, IntFunction<String> webhooks) throws Exception {
		List<Double> latencies = new ArrayList<>();
		int lost = 0;
		int failedPosts = 0;
		long start = System.nanoTime();
		long spacing = 1_000_000_000L / Math.max(1, perSecond);
		int count = perSecond * seconds;
		long end = start + seconds * 1_000_000_000L;
		int skipped = 0;
		for (int k = 0; k < count; k++) {
			long slot = start + k * spacing;
			if (System.nanoTime() >= end) {
				// Slow answers used up the run: the slots left are not probed.
				skipped = count - k;
				break;
			}
			long wait = slot - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			String body = webhooks.apply(k);
			long posting = System.nanoTime();
			int posted;
			try {
				posted = this.http
					.send(HttpRequest.newBuilder(this.webhookUrl)
						.timeout(GIVE_UP)
						.header("Content-Type", "application/json")
						.header("X-Hub-Signature-256", signature(this.appSecret, body))
						.POST(HttpRequest.BodyPublishers.ofString(body))
						.build(), HttpResponse.BodyHandlers.discarding())
					.statusCode();
			}
			catch (IOException ex) {
				posted = 0;
			}
			if (posted / 100 != 2) {
				failedPosts++;
				continue;
			}
			this.posted++;
			long visible = awaitVisible(ids.apply(k), posting);
			if (visible < 0) {
				lost++;
				latencies.add((double) GIVE_UP.toMillis());
			}
			else {
				latencies.add((visible - posting) / 1e6);
			}
		}
		latencies.sort(null);
		return String.format(Locale.ROOT,
				"RESULT visible-through-gateway samples=%d lost=%d failed_posts=%d skipped=%d p50_ms=%.1f "
						+ "p90_ms=%.1f p99_ms=%.1f max_ms=%.1f",
				latencies.size(), lost, failedPosts, skipped, percentile(latencies, 50), percentile(latencies, 90),
				percentile(latencies, 99), latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1));
	}

	/** When the first read showing the status answered, or -1 after the give-up time. */
	private long awaitVisible(String id, long posting) throws Exception {
		HttpRequest read = HttpRequest.newBuilder(URI.create(this.gatewayUrl + "/api/v1/messages/" + id))
			.timeout(Duration.ofSeconds(2))
			.header("Authorization", this.key)
			.GET()
			.build();
		while (System.nanoTime() - posting < GIVE_UP.toNanos()) {
			try {
				HttpResponse<String> answer = this.http.send(read, HttpResponse.BodyHandlers.ofString());
				long answered = System.nanoTime();
				if (answer.statusCode() == 200 && answer.body().contains("\"status\":\"sent\"")) {
					return answered;
				}
			}
			catch (IOException ex) {
				// a read that timed out or failed: read again until the give-up time
			}
			LockSupport.parkNanos(READ_INTERVAL.toNanos());
		}
		return -1;
	}

	private static double percentile(List<Double> sorted, int percent) {
		if (sorted.isEmpty()) {
			return 0;
		}
		int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
	}

	/** Meta's {@code X-Hub-Signature-256}: HMAC-SHA256 of the exact body bytes. */
	static String signature(String appSecret, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
