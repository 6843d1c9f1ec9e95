package dev.switchboard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The visibility probe of {@link StatusBench}: beside wrk's load, posts one signed status
 * webhook per slot of a fixed schedule and reads the message back through the gateway
 * until the status shows. At most {@link #IN_FLIGHT} probes run at once, so that a slow
 * one does not hold up the next, and the reads stay a small load (at most
 * {@code IN_FLIGHT / READ_INTERVAL} a second) even when statuses are late; a slot that
 * finds them all busy is skipped and counted.
 */
final class StatusBenchProbe {

	/** Between two reads of a message not yet showing its status. */
	private static final Duration READ_INTERVAL = Duration.ofMillis(10);

	/** Probes waiting for their status at once. */
	private static final int IN_FLIGHT = 2;

	/** A status not visible after this counts as lost (and as this late). */
	private static final Duration GIVE_UP = Duration.ofSeconds(10);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final URI webhookUrl;

	private final String gatewayUrl;

	private final String key;

	private final String appSecret;

	private final AtomicLong posted = new AtomicLong();

	/** Round trips of the reads through the gateway, in milliseconds. */
	private final List<Double> reads = Collections.synchronizedList(new ArrayList<>());

	/** Per probed message id: when its webhook was posted, in epoch microseconds. */
	private final Map<String, Long> postedAt = new ConcurrentHashMap<>();

	StatusBenchProbe(String webhookUrl, String gatewayUrl, String key, String appSecret) {
		this.webhookUrl = URI.create(webhookUrl);
		this.gatewayUrl = gatewayUrl;
		this.key = key;
		this.appSecret = appSecret;
	}

	/**
	 * When each probed message's webhook was posted (epoch microseconds), for comparisons
	 * with the database's clock.
	 */
	Map<String, Long> postedAt() {
		return Map.copyOf(this.postedAt);
	}

	/** Webhooks the probe had answered 2xx. */
	long posted() {
		return this.posted.get();
	}

	/**
	 * Probes {@code perSecond} statuses a second for {@code seconds}; returns the
	 * {@code RESULT} line.
	 * @param ids the message id of probe {@code k}
	 * @param webhooks the webhook body of probe {@code k} (status {@code sent})
	 */
	String run(int perSecond, int seconds, IntFunction<String> ids, IntFunction<String> webhooks) {
		List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
		List<Double> answers = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger lost = new AtomicInteger();
		AtomicInteger failedPosts = new AtomicInteger();
		AtomicInteger skipped = new AtomicInteger();
		int count = perSecond * seconds;
		Flux.interval(Duration.ofNanos(1_000_000_000L / Math.max(1, perSecond)))
			.take(count)
			.onBackpressureDrop((tick) -> skipped.incrementAndGet())
			.flatMap(
					(k) -> probe(ids.apply(k.intValue()), webhooks.apply(k.intValue()), answers).doOnNext((latency) -> {
						if (latency < 0) {
							lost.incrementAndGet();
							latencies.add((double) GIVE_UP.toMillis());
						}
						else {
							latencies.add(latency / 1e6);
						}
					}).switchIfEmpty(Mono.fromRunnable(failedPosts::incrementAndGet)), IN_FLIGHT, 1)
			.blockLast(Duration.ofSeconds(seconds).plus(GIVE_UP.multipliedBy(2)));
		List<Double> sorted = new ArrayList<>(latencies);
		sorted.sort(null);
		List<Double> answered = new ArrayList<>(answers);
		answered.sort(null);
		List<Double> readTimes = new ArrayList<>(this.reads);
		readTimes.sort(null);
		return String.format(Locale.ROOT,
				"RESULT visible-through-gateway samples=%d of %d lost=%d failed_posts=%d skipped=%d p50_ms=%.1f "
						+ "p90_ms=%.1f p99_ms=%.1f max_ms=%.1f%n"
						+ "RESULT probe-webhook-answered p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f%n"
						+ "RESULT probe-reads count=%d p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f",
				sorted.size(), count, lost.get(), failedPosts.get(), skipped.get(), percentile(sorted, 50),
				percentile(sorted, 90), percentile(sorted, 99), max(sorted), percentile(answered, 50),
				percentile(answered, 90), percentile(answered, 99), max(answered), readTimes.size(),
				percentile(readTimes, 50), percentile(readTimes, 90), percentile(readTimes, 99), max(readTimes));
	}

	private static double max(List<Double> sorted) {
		return sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1);
	}

	/**
	 * Posts one status and waits until it shows: emits the nanoseconds from just before
	 * the post to the first read showing it, -1 when it never did, nothing when the post
	 * was refused; adds the milliseconds until the webhook was answered to
	 * {@code answers}.
	 */
	private Mono<Long> probe(String id, String body, List<Double> answers) {
		HttpRequest post = HttpRequest.newBuilder(this.webhookUrl)
			.timeout(GIVE_UP)
			.header("Content-Type", "application/json")
			.header("X-Hub-Signature-256", signature(this.appSecret, body))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return Mono.defer(() -> {
			long posting = System.nanoTime();
			Instant wallClock = Instant.now();
			this.postedAt.put(id, wallClock.getEpochSecond() * 1_000_000 + wallClock.getNano() / 1_000);
			return Mono.fromFuture(() -> this.http.sendAsync(post, HttpResponse.BodyHandlers.discarding()))
				.filter((answer) -> answer.statusCode() / 100 == 2)
				.onErrorResume((ex) -> Mono.empty())
				.doOnNext((answer) -> {
					this.posted.incrementAndGet();
					answers.add((System.nanoTime() - posting) / 1e6);
				})
				.flatMap((answer) -> awaitVisible(id).map((visible) -> visible - posting));
		});
	}

	/** When the first read showing the status answered, or -1 after the give-up time. */
	private Mono<Long> awaitVisible(String id) {
		HttpRequest read = HttpRequest.newBuilder(URI.create(this.gatewayUrl + "/api/v1/messages/" + id))
			.timeout(Duration.ofSeconds(2))
			.header("Authorization", this.key)
			.GET()
			.build();
		return Mono.defer(() -> {
			long reading = System.nanoTime();
			return Mono.fromFuture(() -> this.http.sendAsync(read, HttpResponse.BodyHandlers.ofString()))
				.doOnNext((answer) -> this.reads.add((System.nanoTime() - reading) / 1e6));
		})
			.filter((answer) -> answer.statusCode() == 200 && answer.body().contains("\"status\":\"sent\""))
			.map((answer) -> System.nanoTime())
			// a read that timed out or failed: read again until the give-up time
			.onErrorResume((ex) -> Mono.empty())
			.repeatWhenEmpty((reads) -> reads.delayElements(READ_INTERVAL))
			.timeout(GIVE_UP, Mono.just(-1L));
	}

	static double percentile(List<Double> sorted, int percent) {
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
