package dev.switchboard.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import dev.switchboard.simulators.MetaSimulator;
import dev.switchboard.simulators.SimulatorOptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import static org.awaitility.Awaitility.await;

/**
 * A steady stream of signed status webhooks from the Meta simulator, each delivered like
 * Meta delivers: the same bytes again after anything but a 200 (an error status, a
 * refused or reset connection, no answer in time), until one. What was sent, answered and
 * retried is counted.
 */
final class SteadyWebhooks {

	static final int STATUSES_PER_WEBHOOK = 2;

	private static final Duration FIRST_RETRY = Duration.ofMillis(100);

	private static final Duration LONGEST_RETRY = Duration.ofSeconds(2);

	private final MetaSimulator meta;

	private final String wamidPrefix;

	private final int size;

	private final AtomicInteger sent = new AtomicInteger();

	private final AtomicLong attempts = new AtomicLong();

	private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

	private final Set<String> accepted = ConcurrentHashMap.newKeySet();

	/** When each status's webhook was answered 200, by wamid. */
	private final Map<String, Instant> acceptedAt = new ConcurrentHashMap<>();

	/** When each attempt not answered 200 ended, and how. */
	private final Queue<Failure> failureLog = new ConcurrentLinkedQueue<>();

	private final CompletableFuture<Void> done;

	private SteadyWebhooks(MetaSimulator meta, String wamidPrefix, int rate, int seconds) {
		this.meta = meta;
		this.wamidPrefix = wamidPrefix;
		this.size = rate * seconds;
		// Every delivery runs until it is answered 200: as many at once as there are.
		this.done = Flux.interval(Duration.ofNanos(1_000_000_000L / rate))
			.take(this.size)
			.flatMap((index) -> deliver(index.intValue()), this.size)
			.then()
			.toFuture();
	}

	/**
	 * Starts sending {@code rate} webhooks per second for {@code seconds} seconds, their
	 * statuses' wamids starting with {@code wamidPrefix}.
	 */
	static SteadyWebhooks start(MetaSimulator meta, String wamidPrefix, int rate, int seconds) {
		return new SteadyWebhooks(meta, wamidPrefix, rate, seconds);
	}

	/** Waits until at least {@code count} webhooks were answered 200. */
	void awaitAccepted(int count) {
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(() -> accepted() >= count);
	}

	/**
	 * Waits until every webhook was answered 200 and returns the wamids of their
	 * statuses.
	 */
	List<String> awaitAllAccepted(Duration timeout) throws Exception {
		this.done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		return List.copyOf(this.accepted);
	}

	/** Webhooks in the stream. */
	int size() {
		return this.size;
	}

	/** Webhooks sent at least once. */
	int sent() {
		return this.sent.get();
	}

	/** Webhooks answered 200. */
	int accepted() {
		return this.accepted.size() / STATUSES_PER_WEBHOOK;
	}

	/** Posts, first ones and retries. */
	long attempts() {
		return this.attempts.get();
	}

	/** Attempts not answered 200, by what happened instead. */
	Map<String, Long> failures() {
		Map<String, Long> counts = new TreeMap<>();
		this.failures.forEach((reason, count) -> counts.put(reason, count.get()));
		return counts;
	}

	/**
	 * Attempts not answered 200 that ended between the two instants, by what happened
	 * instead.
	 */
	Map<String, Long> failuresBetween(Instant from, Instant to) {
		Map<String, Long> counts = new TreeMap<>();
		this.failureLog.stream()
			.filter((failure) -> !failure.at().isBefore(from) && !failure.at().isAfter(to))
			.forEach((failure) -> counts.merge(failure.reason(), 1L, Long::sum));
		return counts;
	}

	/**
	 * The wamids of the statuses whose webhook was answered 200 between the two instants.
	 */
	Set<String> acceptedBetween(Instant from, Instant to) {
		Set<String> wamids = new TreeSet<>();
		this.acceptedAt.forEach((wamid, at) -> {
			if (!at.isBefore(from) && !at.isAfter(to)) {
				wamids.add(wamid);
			}
		});
		return wamids;
	}

	private Mono<Integer> deliver(int index) {
		this.sent.incrementAndGet();
		List<String> wamids = IntStream.range(0, STATUSES_PER_WEBHOOK)
			.mapToObj((status) -> this.wamidPrefix + "-" + index + "-" + status)
			.toList();
		byte[] body = body(wamids, index);
		String signature = this.meta.signature(SimulatorOptions.DEMO_PHONE_NUMBER_ID, body);
		return Mono.defer(() -> {
			this.attempts.incrementAndGet();
			return this.meta.postRaw(body, signature);
		}).onErrorResume((ex) -> Mono.just(-1)).flatMap((status) -> {
			if (status == 200) {
				return Mono.just(status);
			}
			String reason = (status < 0) ? "no answer" : "HTTP " + status;
			this.failures.computeIfAbsent(reason, (key) -> new AtomicLong()).incrementAndGet();
			this.failureLog.add(new Failure(Instant.now(), reason));
			return Mono.error(new IllegalStateException(reason));
		}).retryWhen(Retry.backoff(Long.MAX_VALUE, FIRST_RETRY).maxBackoff(LONGEST_RETRY)).doOnNext((status) -> {
			Instant now = Instant.now();
			wamids.forEach((wamid) -> this.acceptedAt.put(wamid, now));
			this.accepted.addAll(wamids);
		});
	}

	/** Meta's status webhook: one entry, one change, a status per wamid, sent now. */
	static byte[] body(List<String> wamids, int index) {
		long now = Instant.now().getEpochSecond();
		StringBuilder statuses = new StringBuilder();
		for (int i = 0; i < wamids.size(); i++) {
			if (i > 0) {
				statuses.append(',');
			}
			statuses.append("""
					{"id":"%s","status":"delivered","timestamp":"%d","recipient_id":"9725%08d"}"""
				.formatted(wamids.get(i), now, index * STATUSES_PER_WEBHOOK + i));
		}
		return """
				{"object":"whatsapp_business_account","entry":[{"id":"%s","changes":[{"field":"messages",\
				"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"%s",\
				"phone_number_id":"%s"},"statuses":[%s]}}]}]}"""
			.formatted(SimulatorOptions.DEFAULT_WABA_ID, SimulatorOptions.DEMO_DISPLAY_PHONE_NUMBER,
					SimulatorOptions.DEMO_PHONE_NUMBER_ID, statuses)
			.getBytes(StandardCharsets.UTF_8);
	}

	private record Failure(Instant at, String reason) {
	}

}
