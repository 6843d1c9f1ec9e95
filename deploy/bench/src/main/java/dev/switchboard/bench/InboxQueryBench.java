package dev.switchboard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import dev.switchboard.bench.ServiceMetrics.Histogram;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.kafka.TopicAdmin;
import dev.switchboard.infra.Infra;
import dev.switchboard.infra.InfraOptions;
import dev.switchboard.infra.PostgresEndpoint;
import dev.switchboard.local.LocalStack;
import dev.switchboard.local.Ports;
import dev.switchboard.local.ServiceProcess;
import dev.switchboard.local.ServiceSpec;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What {@code deploy/bench/inbox-queries.sh} measures: the inbox's list and counts
 * queries through the gateway on a tenant with many conversations and agents.
 * <p>
 * Starts embedded infrastructure, one messaging-service and the gateway (rate limits far
 * above the load), each in its own JVM; once messaging-service has migrated its schema,
 * seeds the inbox ({@link InboxSeed}) and an API key bound to an agent. Then, one query
 * shape after the other, sends requests at a fixed rate (open loop: a request goes out on
 * its slot whatever the earlier ones do, at most {@link #IN_FLIGHT} outstanding, a slot
 * that finds them all busy is skipped and counted), first for the warm-up (dropped), then
 * for the measured time, and writes per shape a {@code RESULT} line with the round trip
 * through the gateway (p50/p95/p99/max) and the same requests as the gateway and
 * messaging-service timed them ({@code http.server.requests}, scraped before and after
 * the shape, so each shape's server time is its own). A shape the service refuses (400: a
 * filter it does not have) is reported as skipped. Writes the lines to the file named by
 * the first argument, then runs until killed.
 * <p>
 * Arguments: result file, conversations, agents, seconds per shape, requests per second,
 * warm-up seconds per shape.
 */
public final class InboxQueryBench {

	/** The tenant's integration key (conversations:read, not bound to an agent). */
	private static final String TENANT_KEY = "Bearer sb_demokey1.localdemosecret";

	/** The key {@link InboxSeed#agentKey} binds to agent 0 (role AGENT). */
	private static final String AGENT_KEY = "Bearer sb_benchagent.localbenchsecret";

	private static final String READ_HISTOGRAM = "--management.metrics.distribution.percentiles-histogram.http.server.requests=true";

	private static final int QUEUES = 20;

	private static final int ENTRIES_PER_CONVERSATION = 3;

	/** Requests outstanding at once, at most. */
	private static final int IN_FLIGHT = 64;

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final Duration FIRST_TIMEOUT = Duration.ofSeconds(60);

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private InboxQueryBench() {
	}

	/**
	 * One kind of request.
	 *
	 * @param name its name in the RESULT line
	 * @param key the Authorization header
	 * @param paths the path and query of each request (may vary per request)
	 * @param serviceUri the route's {@code uri} label in messaging-service's metrics
	 */
	private record Shape(String name, String key, Supplier<String> paths, String serviceUri) {
	}

	public static void main(String[] args) throws Exception {
		Path resultFile = Path.of(args[0]);
		int conversations = Integer.parseInt(args[1]);
		int agents = Integer.parseInt(args[2]);
		int seconds = Integer.parseInt(args[3]);
		int rate = Integer.parseInt(args[4]);
		int warmup = Integer.parseInt(args[5]);

		Ports ports = Ports.random();
		Infra infra = Infra.start(InfraOptions.forTests());
		TopicAdmin.ensureTopics(new KafkaSettings(infra.kafka().bootstrapServers(), "bench"), Topic.values())
			.block(Duration.ofSeconds(60));
		List<ServiceProcess> services = new ArrayList<>();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			services.forEach(ServiceProcess::close);
			infra.close();
		}, "bench-shutdown"));
		String messagingUrl = "http://localhost:" + ports.messaging();
		for (ServiceSpec spec : List.of(
				new ServiceSpec("messaging-service", ports.messaging(), "messaging",
						List.of("--logging.level.root=WARN", "--spring.data.redis.timeout=10s", READ_HISTOGRAM)),
				new ServiceSpec("gateway", ports.gateway(), "gateway", List.of("--logging.level.root=WARN",
						READ_HISTOGRAM, "--logging.level.switchboard.access=WARN",
						"--switchboard.routes.messaging=" + messagingUrl,
						"--switchboard.rate-limits.plans.standard.key=1000000/1s,100000000/1m,1000000000/1d",
						"--switchboard.rate-limits.plans.standard.tenant=1000000/1s,100000000/1m,1000000000/1d")))) {
			services.add(ServiceProcess.start(spec, LocalStack.repositoryRoot(), BenchJvm.flags(spec.name()),
					LocalStack.springArgs(infra, spec)));
		}
		Instant deadline = Instant.now().plusSeconds(420);
		for (ServiceProcess service : services) {
			if (!service.awaitHealthy(deadline)) {
				throw new IllegalStateException(service.spec().name() + " did not become healthy");
			}
		}
		PostgresEndpoint postgres = infra.postgres();
		long seeding = System.nanoTime();
		try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
				postgres.password())) {
			InboxSeed.seed(db, conversations, agents, QUEUES, ENTRIES_PER_CONVERSATION);
			InboxSeed.agentKey(db);
		}
		List<String> lines = new ArrayList<>();
		lines.add(String.format(Locale.ROOT,
				"seeded conversations=%d contacts=%d agents=%d queues=%d entries=%d in_s=%.1f", conversations,
				conversations, agents, QUEUES, conversations * ENTRIES_PER_CONVERSATION,
				(System.nanoTime() - seeding) / 1e9));
		String gatewayUrl = "http://localhost:" + ports.gateway();
		String queue = md5Uuid("bench-queue-3");
		String list = "uri=\"/api/v1/conversations\"";
		List<Shape> shapes = List.of(new Shape("list-default", TENANT_KEY, () -> "/api/v1/conversations", list),
				new Shape("list-status-open", TENANT_KEY, () -> "/api/v1/conversations?status=OPEN", list),
				new Shape("list-assignee-me", AGENT_KEY, () -> "/api/v1/conversations?assignee=me", list),
				new Shape("list-sla-at-risk", TENANT_KEY, () -> "/api/v1/conversations?slaState=AT_RISK", list),
				new Shape("list-queue", TENANT_KEY, () -> "/api/v1/conversations?queueId=" + queue, list),
				new Shape("list-q", TENANT_KEY,
						() -> "/api/v1/conversations?q=Customer%20"
								+ ThreadLocalRandom.current().nextInt(Math.max(1, conversations)),
						list),
				new Shape("counts", AGENT_KEY, () -> "/api/v1/conversations/counts",
						"uri=\"/api/v1/conversations/counts\""));
		// Every shape warms up before any is measured: the first shape would otherwise
		// pay
		// for the whole stack's warm-up (JIT, pools) alone.
		List<Shape> usable = new ArrayList<>();
		for (Shape shape : shapes) {
			HttpResponse<String> first = firstAnswer(gatewayUrl, shape);
			if (first == null || first.statusCode() != 200) {
				lines.add("RESULT " + shape.name() + " skipped: the first request answered "
						+ ((first != null) ? first.statusCode() + " " + abbreviate(first.body()) : "nothing"));
				continue;
			}
			usable.add(shape);
			if (warmup > 0) {
				load(gatewayUrl, shape, rate, warmup);
			}
		}
		for (Shape shape : usable) {
			String gatewayBefore = ServiceMetrics.scrape(gatewayUrl);
			String messagingBefore = ServiceMetrics.scrape(messagingUrl);
			String measured = load(gatewayUrl, shape, rate, seconds);
			String anyRead = "method=\"GET\"";
			lines.add("RESULT " + shape.name() + " " + measured + "\nRESULT " + shape.name() + " in-gateway "
					+ Histogram.of(ServiceMetrics.scrape(gatewayUrl), "http_server_requests_seconds", anyRead)
						.minus(Histogram.of(gatewayBefore, "http_server_requests_seconds", anyRead))
						.percentiles()
					+ "\nRESULT " + shape.name() + " in-messaging "
					+ Histogram
						.of(ServiceMetrics.scrape(messagingUrl), "http_server_requests_seconds", shape.serviceUri())
						.minus(Histogram.of(messagingBefore, "http_server_requests_seconds", shape.serviceUri()))
						.percentiles());
		}
		Files.writeString(resultFile, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
		LockSupport.park();
	}

	/**
	 * Sends the shape's requests at {@code rate} a second for {@code seconds}; the round
	 * trips' percentiles and the requests that failed, answered other than 200 or were
	 * skipped.
	 */
	private static String load(String gatewayUrl, Shape shape, int rate, int seconds) {
		List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger failed = new AtomicInteger();
		AtomicInteger skipped = new AtomicInteger();
		int count = rate * seconds;
		Flux.interval(Duration.ofNanos(1_000_000_000L / Math.max(1, rate)))
			.take(count)
			.onBackpressureDrop((tick) -> skipped.incrementAndGet())
			.flatMap((tick) -> Mono.defer(() -> {
				long sending = System.nanoTime();
				return send(gatewayUrl, shape).doOnNext((answer) -> {
					if (answer.statusCode() == 200) {
						latencies.add((System.nanoTime() - sending) / 1e6);
					}
					else {
						failed.incrementAndGet();
					}
				});
			}).onErrorResume((ex) -> Mono.fromRunnable(failed::incrementAndGet)), IN_FLIGHT, 1)
			.blockLast(Duration.ofSeconds(seconds).plus(TIMEOUT.multipliedBy(2)));
		List<Double> sorted = new ArrayList<>(latencies);
		sorted.sort(null);
		return String.format(Locale.ROOT,
				"through-gateway count=%d of %d failed=%d skipped=%d rate=%d p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f "
						+ "max_ms=%.1f",
				sorted.size(), count, failed.get(), skipped.get(), rate, StatusBenchProbe.percentile(sorted, 50),
				StatusBenchProbe.percentile(sorted, 95), StatusBenchProbe.percentile(sorted, 99),
				sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1));
	}

	private static Mono<HttpResponse<String>> send(String gatewayUrl, Shape shape) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl + shape.paths().get()))
			.timeout(TIMEOUT)
			.header("Authorization", shape.key())
			.GET()
			.build();
		return Mono.fromFuture(() -> HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
	}

	/** The uuid PostgreSQL makes of {@code md5(text)::uuid}, as the seed names rows. */
	private static String md5Uuid(String text) throws Exception {
		String hex = java.util.HexFormat.of()
			.formatHex(java.security.MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
		return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
				+ hex.substring(16, 20) + "-" + hex.substring(20);
	}

	/**
	 * The shape's first answer: the first request of a cold stack (JIT, pools, the key
	 * lookup) may take longer than a measured one, so it gets a minute.
	 */
	private static HttpResponse<String> firstAnswer(String gatewayUrl, Shape shape) {
		try {
			return send(gatewayUrl, shape).block(FIRST_TIMEOUT);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static String abbreviate(String body) {
		String line = body.replace('\n', ' ');
		return (line.length() > 200) ? line.substring(0, 200) + "…" : line;
	}

}
