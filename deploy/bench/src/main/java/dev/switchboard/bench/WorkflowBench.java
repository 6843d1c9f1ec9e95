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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.EventSubscription;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.kafka.TopicAdmin;
import dev.switchboard.events.messaging.SendMessageCommand;
import dev.switchboard.events.wa.WaInboundMessage;
import dev.switchboard.infra.Infra;
import dev.switchboard.infra.InfraOptions;
import dev.switchboard.infra.PostgresEndpoint;
import dev.switchboard.local.LocalIdentityTokens;
import dev.switchboard.local.LocalStack;
import dev.switchboard.local.Ports;
import dev.switchboard.local.ServiceProcess;
import dev.switchboard.local.ServiceSpec;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What {@code deploy/bench/workflows.sh} measures: workflow-service on embedded Kafka and
 * PostgreSQL running a two-step workflow (a {@code set}, then a {@code send_message}
 * reply) started by inbound WhatsApp messages with its keyword, published on
 * {@code wa.inbound.v1} exactly as webhook-ingest publishes them, at a fixed rate (open
 * model: every delay counts from the message's scheduled time, so a stall is not hidden).
 * <p>
 * Measured per run, from the run and step rows in PostgreSQL once the load has drained:
 * trigger → first step started (the first attempt's {@code started_at}), trigger → run
 * finished; the runs started, succeeded and failed against the messages published; and,
 * from {@code messaging.commands.v1}, the reply commands (one per run: none lost, none
 * doubled) and trigger → reply command consumed (which includes the outbox relay).
 * <p>
 * Arguments: rate (runs/s, default 200 = 12,000/min), seconds (default 300), output file,
 * warm-up seconds at the rate before measuring (default 30).
 */
public final class WorkflowBench {

	private static final String TENANT = "demo";

	private static final String DEFINITION = """
			{"name":"Bench two-step","description":"Keyword bench: note the question, reply.",
			 "trigger":{"type":"inbound_message","keywords":["bench"]},
			 "steps":[
			  {"id":"note","type":"set","values":{"asked":"{{$.trigger.text}}"}},
			  {"id":"reply","type":"send_message","channel":"demo-meta","to":"{{$.trigger.from}}",
			   "text":"Hi {{$.trigger.profileName}}, we are open 9:00-17:00."}]}
			""";

	private final Map<String, Long> replies = new ConcurrentHashMap<>();

	private final Set<String> duplicateReplies = ConcurrentHashMap.newKeySet();

	private final StringBuilder results = new StringBuilder();

	private WorkflowBench() {
	}

	public static void main(String[] args) throws Exception {
		int rate = (args.length > 0) ? Integer.parseInt(args[0]) : 200;
		int seconds = (args.length > 1) ? Integer.parseInt(args[1]) : 300;
		Path output = Path.of((args.length > 2) ? args[2] : "target/workflow-bench.txt");
		int warmupSeconds = (args.length > 3) ? Integer.parseInt(args[3]) : 30;
		WorkflowBench bench = new WorkflowBench();
		bench.run(rate, seconds, warmupSeconds);
		Files.writeString(output, bench.results.toString(), StandardCharsets.UTF_8);
		System.exit(0);
	}

	private void run(int rate, int seconds, int warmupSeconds) throws Exception {
		Ports ports = Ports.random();
		try (Infra infra = Infra.start(InfraOptions.forTests())) {
			KafkaSettings kafka = new KafkaSettings(infra.kafka().bootstrapServers(), "workflow-bench");
			TopicAdmin.ensureTopics(kafka, Topic.values()).block(Duration.ofSeconds(60));
			ServiceSpec spec = new ServiceSpec("workflow-service", ports.workflows(), "workflows",
					List.of("--logging.level.root=WARN"));
			try (ServiceProcess service = ServiceProcess.start(spec, LocalStack.repositoryRoot(),
					BenchJvm.flags("workflow-service"), LocalStack.springArgs(infra, spec));
					EventPublisher publisher = new EventPublisher(kafka);
					Connection db = connect(infra.postgres())) {
				if (!service.awaitHealthy(Instant.now().plusSeconds(180))) {
					throw new IllegalStateException("workflow-service did not become healthy");
				}
				String workflowId = create(ports.workflows());
				EventSubscription commands = EventConsumer
					.builder(kafka, Topic.MESSAGING_COMMANDS, "workflow-bench-" + System.nanoTime(),
							SendMessageCommand.class)
					.handler((consumed) -> Mono.fromRunnable(() -> replied(consumed.event().data())))
					.start();
				try {
					String run = Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);
					fixedRate(publisher, "W" + run, rate, warmupSeconds);
					awaitFinished(db, workflowId, "W" + run, (long) rate * warmupSeconds, Duration.ofSeconds(180));
					Duration serviceCpu = service.cpuTime();
					Duration harnessCpu = harnessCpu();
					Duration postgresCpu = postgresCpu(infra.postgres());
					Map<String, Long> scheduled = fixedRate(publisher, "R" + run, rate, seconds);
					long drainedAfter = awaitFinished(db, workflowId, "R" + run, scheduled.size(),
							Duration.ofSeconds(300));
					// CPU per run is what contention on a shared machine blurs least.
					this.results.append(String.format(Locale.ROOT,
							"RESULT cpu per run: workflow-service_ms=%.2f postgres_ms=%.2f harness_and_kafka_ms=%.2f%n",
							service.cpuTime().minus(serviceCpu).toNanos() / 1e6 / scheduled.size(),
							postgresCpu(infra.postgres()).minus(postgresCpu).toNanos() / 1e6 / scheduled.size(),
							harnessCpu().minus(harnessCpu).toNanos() / 1e6 / scheduled.size()));
					awaitReplies(scheduled, Duration.ofSeconds(60));
					report(db, workflowId, scheduled, rate, seconds, drainedAfter);
				}
				finally {
					commands.close();
				}
			}
		}
	}

	/**
	 * Publishes {@code rate × seconds} messages; returns each message id's scheduled time
	 * (epoch µs).
	 */
	private Map<String, Long> fixedRate(EventPublisher publisher, String prefix, int rate, int seconds) {
		Map<String, Long> scheduled = new ConcurrentHashMap<>();
		long startNanos = System.nanoTime();
		Instant start = Instant.now();
		long startMicros = start.getEpochSecond() * 1_000_000 + start.getNano() / 1_000;
		long periodNanos = 1_000_000_000L / rate;
		Flux.interval(Duration.ofNanos(periodNanos)).take((long) rate * seconds).flatMap((i) -> {
			String wamid = "wamid." + prefix + i;
			scheduled.put(wamid, startMicros + (i * periodNanos) / 1_000);
			return publish(publisher, wamid, "+4072" + String.format(Locale.ROOT, "%07d", i % 5000));
		}, 1024).blockLast();
		long took = System.nanoTime() - startNanos;
		// Kafka or this process falling behind the schedule shows here, not as a silent
		// gap.
		this.results.append(String.format(Locale.ROOT, "RESULT publishing %s: %d messages in %.1f s (scheduled %d s)%n",
				prefix, scheduled.size(), took / 1e9, seconds));
		return scheduled;
	}

	private static Mono<Void> publish(EventPublisher publisher, String wamid, String from) {
		WaInboundMessage message = new WaInboundMessage("100000000000001", "200000000000001", "15550000001", wamid,
				from, null, "Ana", Instant.now(), "text", null, null, Map.of("body", "bench: when are you open?"),
				"bench: when are you open?", null, null);
		EventEnvelope<WaInboundMessage> event = EventEnvelope.of(EventType.WA_INBOUND_MESSAGE_V1,
				URI.create("urn:switchboard:webhook-ingest"), TENANT, wamid, message);
		return publisher.publish(event, TENANT + ":" + from);
	}

	private void replied(SendMessageCommand command) {
		long now = epochMicros(Instant.now());
		String key = command.messageId();
		if (this.replies.putIfAbsent(key, now) != null) {
			this.duplicateReplies.add(key);
		}
	}

	/**
	 * Waits until every run of the phase has finished; returns the milliseconds from the
	 * last scheduled message to the last run finished, or -1 when they did not all
	 * finish.
	 */
	private static long awaitFinished(Connection db, String workflowId, String prefix, long expected, Duration patience)
			throws SQLException {
		Instant deadline = Instant.now().plus(patience);
		long previous = -1;
		Instant lastGrowth = Instant.now();
		while (Instant.now().isBefore(deadline)) {
			long finished = count(db, workflowId, prefix, "status <> 'running'");
			if (finished >= expected) {
				return 0;
			}
			if (finished != previous) {
				previous = finished;
				lastGrowth = Instant.now();
			}
			else if (Duration.between(lastGrowth, Instant.now()).toSeconds() > 60) {
				return -1;
			}
			Mono.delay(Duration.ofMillis(200)).block();
		}
		return -1;
	}

	private void awaitReplies(Map<String, Long> scheduled, Duration patience) {
		Instant deadline = Instant.now().plus(patience);
		while (Instant.now().isBefore(deadline) && this.replies.size() < scheduled.size()) {
			Mono.delay(Duration.ofMillis(200)).block();
		}
	}

	private void report(Connection db, String workflowId, Map<String, Long> scheduled, int rate, int seconds,
			long drained) throws SQLException {
		List<Long> created = new ArrayList<>();
		List<Long> firstStep = new ArrayList<>();
		List<Long> finished = new ArrayList<>();
		Map<String, Long> runs = new java.util.HashMap<>();
		long succeeded = 0;
		long failed = 0;
		long minFinished = Long.MAX_VALUE;
		long maxFinished = 0;
		String prefix = scheduled.keySet().iterator().next().replaceAll("[0-9]+$", "");
		try (PreparedStatement query = db.prepareStatement("""
				SELECT r.id, r.data->'trigger'->>'messageId', r.status, r.finished_at, a.started_at, r.created_at
				FROM workflows.runs r
				LEFT JOIN workflows.step_attempts a ON a.run_id = r.id AND a.step_id = 'note' AND a.attempt = 1
				WHERE r.workflow_id = ?::uuid AND r.data->'trigger'->>'messageId' LIKE ?
				""")) {
			query.setString(1, workflowId);
			query.setString(2, prefix + "%");
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					Long at = scheduled.get(rows.getString(2));
					if (at == null) {
						continue;
					}
					runs.put(rows.getString(1), at);
					String status = rows.getString(3);
					succeeded += "succeeded".equals(status) ? 1 : 0;
					failed += "failed".equals(status) ? 1 : 0;
					created.add(epochMicros(rows.getTimestamp(6).toInstant()) - at);
					if (rows.getTimestamp(5) != null) {
						firstStep.add(epochMicros(rows.getTimestamp(5).toInstant()) - at);
					}
					if (rows.getTimestamp(4) != null) {
						long end = epochMicros(rows.getTimestamp(4).toInstant());
						finished.add(end - at);
						minFinished = Math.min(minFinished, end);
						maxFinished = Math.max(maxFinished, end);
					}
				}
			}
		}
		List<Long> replyDelays = new ArrayList<>();
		runs.forEach((runId, at) -> {
			Long replied = this.replies.get(replyMessageId(runId));
			if (replied != null) {
				replyDelays.add(replied - at);
			}
		});
		double perMinute = (finished.size() > 1) ? finished.size() * 60e6 / Math.max(1, maxFinished - minFinished)
				: Double.NaN;
		this.results.append(String.format(Locale.ROOT,
				"RESULT runs: published=%d started=%d succeeded=%d failed=%d rate=%d/s (%d/min) for %d s "
						+ "finished_per_min=%.0f drained=%s%n",
				scheduled.size(), runs.size(), succeeded, failed, rate, rate * 60, seconds, perMinute,
				(drained >= 0) ? "yes" : "no"));
		this.results.append(line("trigger-to-run-stored", created));
		this.results.append(line("trigger-to-first-step-started", firstStep));
		this.results.append(line("trigger-to-run-finished", finished));
		this.results.append(line("trigger-to-reply-command-consumed", replyDelays));
		this.results.append(String.format(Locale.ROOT, "RESULT replies: commands=%d of %d runs, duplicates=%d%n",
				replyDelays.size(), runs.size(), this.duplicateReplies.size()));
	}

	/**
	 * The reply's message id as the send step derives it: see the step's idempotency
	 * rule.
	 */
	private static String replyMessageId(String runId) {
		return java.util.UUID.nameUUIDFromBytes(("workflow-send:" + runId + ":reply").getBytes(StandardCharsets.UTF_8))
			.toString();
	}

	private static String line(String name, List<Long> micros) {
		long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
		return String.format(Locale.ROOT, "RESULT %s: n=%d p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f%n", name,
				sorted.length, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99),
				(sorted.length > 0) ? sorted[sorted.length - 1] / 1e3 : Double.NaN);
	}

	private static double pct(long[] sorted, double percentile) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e3;
	}

	private static long count(Connection db, String workflowId, String prefix, String condition) throws SQLException {
		try (PreparedStatement query = db
			.prepareStatement("SELECT count(*) FROM workflows.runs WHERE workflow_id = ?::uuid"
					+ " AND data->'trigger'->>'messageId' LIKE ? AND " + condition)) {
			query.setString(1, workflowId);
			query.setString(2, "wamid." + prefix + "%");
			try (ResultSet rows = query.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	private static String create(int port) throws Exception {
		String token = LocalIdentityTokens.token("workflow-service", TENANT, "workflows:read workflows:write", "bench");
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/workflows"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(DEFINITION))
				.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 201) {
			throw new IllegalStateException(
					"Creating the workflow answered " + response.statusCode() + ": " + response.body());
		}
		java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"")
			.matcher(response.body());
		if (!id.find()) {
			throw new IllegalStateException("No workflow id in " + response.body());
		}
		return id.group(1);
	}

	private static Duration harnessCpu() {
		return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
	}

	/**
	 * CPU time of the bench's PostgreSQL: its postmaster (found by its port) and the
	 * backends it forked. Backends that exited meanwhile are not counted: the service's
	 * pooled connections live for the whole run.
	 */
	private static Duration postgresCpu(PostgresEndpoint postgres) {
		java.util.regex.Matcher port = java.util.regex.Pattern.compile(":(\\d+)/").matcher(postgres.jdbcUrl());
		if (!port.find()) {
			return Duration.ZERO;
		}
		String listening = "-p " + port.group(1) + " ";
		return ProcessHandle.allProcesses()
			.filter((process) -> process.info()
				.commandLine()
				.filter((line) -> line.contains("bin/postgres") && line.contains(listening))
				.isPresent())
			.flatMap((postmaster) -> java.util.stream.Stream.concat(java.util.stream.Stream.of(postmaster),
					postmaster.descendants()))
			.map((process) -> process.info().totalCpuDuration().orElse(Duration.ZERO))
			.reduce(Duration.ZERO, Duration::plus);
	}

	private static Connection connect(PostgresEndpoint postgres) throws SQLException {
		return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
	}

	private static long epochMicros(Instant at) {
		return ChronoUnit.MICROS.between(Instant.EPOCH, at);
	}

}
