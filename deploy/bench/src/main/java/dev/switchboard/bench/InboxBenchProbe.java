package dev.switchboard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The visibility probe of {@link InboxBench}: beside wrk's load, posts one signed message
 * webhook per slot of a fixed schedule, each from a fresh contact (so the message opens a
 * contact and a conversation, the inbound path's heaviest case, and never waits behind
 * that contact's earlier messages), and reads the conversation's timeline through the
 * gateway until the message shows.
 * <p>
 * A client learns of a new conversation from the list or the conversation events; the
 * probe takes its id from PostgreSQL instead (the timeline entry by wamid, a unique
 * index): the list's {@code q} search would have to scan the tenant's conversations on
 * every read and become the load it measures. Contact, conversation and entry are
 * committed in one transaction, so the id is found when the message is stored, and the
 * same read step goes on to the gateway. At most {@link #IN_FLIGHT} probes run at once; a
 * slot that finds them all busy is skipped and counted.
 */
final class InboxBenchProbe {

	/** Between two reads of a message not yet showing. */
	private static final Duration READ_INTERVAL = Duration.ofMillis(10);

	/** Probes waiting for their message at once. */
	private static final int IN_FLIGHT = 2;

	/** A message not visible after this counts as lost (and as this late). */
	private static final Duration GIVE_UP = Duration.ofSeconds(10);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final URI webhookUrl;

	private final String gatewayUrl;

	private final String key;

	private final Connection database;

	private final AtomicLong posted = new AtomicLong();

	/** Round trips of the timeline reads through the gateway, in milliseconds. */
	private final List<Double> reads = Collections.synchronizedList(new ArrayList<>());

	/** Per probed wamid: when its webhook was posted, in epoch microseconds. */
	private final Map<String, Long> postedAt = new ConcurrentHashMap<>();

	InboxBenchProbe(String webhookUrl, String gatewayUrl, String key, Connection database) {
		this.webhookUrl = URI.create(webhookUrl);
		this.gatewayUrl = gatewayUrl;
		this.key = key;
		this.database = database;
	}

	/** When each probed message's webhook was posted (epoch microseconds), by wamid. */
	Map<String, Long> postedAt() {
		return Map.copyOf(this.postedAt);
	}

	/** Webhooks the probe had answered 2xx. */
	long posted() {
		return this.posted.get();
	}

	/**
	 * Probes {@code perSecond} messages a second for {@code seconds}, probe {@code k}
	 * from contact {@code contactPrefix + k} with wamid {@code wamidPrefix + k}; returns
	 * the {@code RESULT} lines.
	 */
	String run(int perSecond, int seconds, String contactPrefix, String wamidPrefix) {
		List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
		List<Double> stored = Collections.synchronizedList(new ArrayList<>());
		List<Double> answers = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger lost = new AtomicInteger();
		AtomicInteger failedPosts = new AtomicInteger();
		AtomicInteger skipped = new AtomicInteger();
		int count = perSecond * seconds;
		Flux.interval(Duration.ofNanos(1_000_000_000L / Math.max(1, perSecond)))
			.take(count)
			.onBackpressureDrop((tick) -> skipped.incrementAndGet())
			.flatMap((k) -> {
				String wamid = wamidPrefix + k;
				String body = InboundWebhooks.webhook(contactPrefix + StatusWebhooks.digits(k.intValue()), "Probe " + k,
						wamid, "Probe message " + k, Instant.now().getEpochSecond());
				return probe(wamid, body, answers, stored).doOnNext((latency) -> {
					if (latency < 0) {
						lost.incrementAndGet();
						latencies.add((double) GIVE_UP.toMillis());
					}
					else {
						latencies.add(latency / 1e6);
					}
				}).switchIfEmpty(Mono.fromRunnable(failedPosts::incrementAndGet));
			}, IN_FLIGHT, 1)
			.blockLast(Duration.ofSeconds(seconds).plus(GIVE_UP.multipliedBy(2)));
		return String.format(Locale.ROOT,
				"RESULT visible-through-gateway samples=%d of %d lost=%d failed_posts=%d skipped=%d %s%n"
						+ "RESULT probe-webhook-answered %s%nRESULT probe-stored %s%nRESULT probe-reads count=%d %s",
				latencies.size(), count, lost.get(), failedPosts.get(), skipped.get(), describe(latencies),
				describe(answers), describe(stored), this.reads.size(), describe(this.reads));
	}

	/** p50/p90/p99/max of milliseconds. */
	static String describe(List<Double> milliseconds) {
		List<Double> sorted = new ArrayList<>(milliseconds);
		sorted.sort(null);
		return String.format(Locale.ROOT, "p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f",
				StatusBenchProbe.percentile(sorted, 50), StatusBenchProbe.percentile(sorted, 90),
				StatusBenchProbe.percentile(sorted, 99), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1));
	}

	/**
	 * Posts one message and waits until it shows: emits the nanoseconds from just before
	 * the post to the first timeline read showing it, -1 when it never did, nothing when
	 * the post was refused; adds the milliseconds until the webhook was answered to
	 * {@code answers} and until its conversation was found in PostgreSQL to
	 * {@code stored}.
	 */
	private Mono<Long> probe(String wamid, String body, List<Double> answers, List<Double> stored) {
		HttpRequest post = HttpRequest.newBuilder(this.webhookUrl)
			.timeout(GIVE_UP)
			.header("Content-Type", "application/json")
			.header("X-Hub-Signature-256", StatusBenchProbe.signature(StatusWebhooks.APP_SECRET, body))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return Mono.defer(() -> {
			long posting = System.nanoTime();
			Instant wallClock = Instant.now();
			this.postedAt.put(wamid, wallClock.getEpochSecond() * 1_000_000 + wallClock.getNano() / 1_000);
			return Mono.fromFuture(() -> this.http.sendAsync(post, HttpResponse.BodyHandlers.discarding()))
				.filter((answer) -> answer.statusCode() / 100 == 2)
				.onErrorResume((ex) -> Mono.empty())
				.doOnNext((answer) -> {
					this.posted.incrementAndGet();
					answers.add((System.nanoTime() - posting) / 1e6);
				})
				.flatMap((answer) -> awaitVisible(wamid, posting, stored).map((visible) -> visible - posting));
		});
	}

	/**
	 * When the first timeline read showing the message answered, or -1 after the give-up
	 * time. Each step looks for the conversation in PostgreSQL until it is there, then
	 * reads its timeline through the gateway.
	 */
	private Mono<Long> awaitVisible(String wamid, long posting, List<Double> stored) {
		String[] conversation = new String[1];
		return Mono.defer(() -> {
			if (conversation[0] != null) {
				return Mono.just(conversation[0]);
			}
			return Mono.fromCallable(() -> conversationOf(wamid)).subscribeOn(Schedulers.boundedElastic());
		}).flatMap((id) -> {
			if (conversation[0] == null) {
				conversation[0] = id;
				stored.add((System.nanoTime() - posting) / 1e6);
			}
			return read(id, wamid);
		})
			// not stored yet, or a read that did not show it, failed or timed out: again
			.onErrorResume((ex) -> Mono.empty())
			.repeatWhenEmpty((reads) -> reads.delayElements(READ_INTERVAL))
			.timeout(GIVE_UP, Mono.just(-1L));
	}

	/** When a read of the timeline's newest entries showing the message answered. */
	private Mono<Long> read(String conversationId, String wamid) {
		HttpRequest read = HttpRequest
			.newBuilder(URI.create(this.gatewayUrl + "/api/v1/conversations/" + conversationId + "/messages?limit=5"))
			.timeout(Duration.ofSeconds(2))
			.header("Authorization", this.key)
			.GET()
			.build();
		return Mono.defer(() -> {
			long reading = System.nanoTime();
			return Mono.fromFuture(() -> this.http.sendAsync(read, HttpResponse.BodyHandlers.ofString()))
				.doOnNext((answer) -> this.reads.add((System.nanoTime() - reading) / 1e6));
		})
			.filter((answer) -> answer.statusCode() == 200 && answer.body().contains("\"wamid\":\"" + wamid + "\""))
			.map((answer) -> System.nanoTime());
	}

	/** The conversation holding the message, or nothing while it is not stored. */
	private String conversationOf(String wamid) throws SQLException {
		synchronized (this.database) {
			try (PreparedStatement query = this.database.prepareStatement("SELECT conversation_id::text FROM "
					+ "messaging.conversation_entries WHERE tenant_id = 'demo' AND wamid = ?")) {
				query.setString(1, wamid);
				try (ResultSet rows = query.executeQuery()) {
					return rows.next() ? rows.getString(1) : null;
				}
			}
		}
	}

}
