package dev.switchboard.bench;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

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

/**
 * What {@code deploy/bench/inbox.sh} measures: signed Meta message webhooks into
 * webhook-ingest, stored by messaging-service in contacts and conversations, read back
 * through the gateway.
 * <p>
 * Starts embedded infrastructure, webhook-ingest, one messaging-service and the gateway
 * (rate limits far above the probe's reads), each in its own JVM. Writes the signed
 * webhooks wrk posts to {@code <file>.bodies} (one {@code signature TAB body} per line,
 * one text message each, spread over {@code customers} contacts), then
 * {@code ingest=<port> gateway=<port> messaging=<port> warmup_lines=<n>} to the file
 * named by the first argument.
 * <p>
 * During the warm-up (from the ready file on) the probe runs as in the measured run, on
 * contacts of its own, and its samples are dropped. When {@code <file>.go} appears, the
 * probe posts a message from a fresh contact at a fixed rate and measures the time from
 * just before the POST until the first {@code GET /api/v1/conversations/{id}/messages}
 * through the gateway that shows it ({@link InboxBenchProbe}). When {@code <file>.done}
 * appears (holding the number of webhooks wrk had answered 2xx, then the number it gave
 * up on), it waits until messaging-service has stored as many inbound messages as were
 * answered (nothing lost) and its backlog is drained, and writes the {@code RESULT} lines
 * to {@code <file>.result}; runs until killed.
 * <p>
 * Arguments: ready file, rate (messages/s, probes included), seconds, warm-up seconds,
 * probes per second, customers.
 */
public final class InboxBench {

	private static final String KEY = "Bearer sb_demokey1.localdemosecret";

	/** Histograms of the reads' server-side times, for the RESULT read-in lines. */
	private static final String READ_HISTOGRAM = "--management.metrics.distribution.percentiles-histogram.http.server.requests=true";

	private InboxBench() {
	}

	public static void main(String[] args) throws Exception {
		Path readyFile = Path.of(args[0]);
		int rate = Integer.parseInt(args[1]);
		int seconds = Integer.parseInt(args[2]);
		int warmup = Integer.parseInt(args[3]);
		int probeRate = Integer.parseInt(args[4]);
		int customers = Integer.parseInt(args[5]);
		int loadRate = Math.max(1, rate - probeRate);
		// wrk catches up on slots it missed, so the warm-up may post more than its share:
		// the measured lines start past a margin and are never repeated (a repeated wamid
		// is stored once), so the count of stored messages can be compared.
		int warmupLines = (int) (loadRate * warmup * 1.2);
		int lines = warmupLines + (int) (loadRate * seconds * 1.05) + 1_000;

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
				new ServiceSpec("webhook-ingest", ports.ingest(), null, List.of("--logging.level.root=WARN")),
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
		InboundWebhooks.writeBodies(Path.of(readyFile + ".bodies"), lines, customers);
		Files.writeString(readyFile, "ingest=" + ports.ingest() + " gateway=" + ports.gateway() + " messaging="
				+ ports.messaging() + " warmup_lines=" + warmupLines + "\n", StandardCharsets.UTF_8);

		String ingestUrl = "http://localhost:" + ports.ingest() + "/webhooks/whatsapp";
		String gatewayUrl = "http://localhost:" + ports.gateway();
		try (Connection db = connect(postgres)) {
			// The warm-up runs the probe too (the same load, its read path compiled):
			// what
			// it measures is dropped.
			InboxBenchProbe warmupProbe = new InboxBenchProbe(ingestUrl, gatewayUrl, KEY, db);
			if (warmup > 1) {
				warmupProbe.run(probeRate, warmup - 1, "+97257", "wamid.inbound.warmup.");
			}
			awaitFile(Path.of(readyFile + ".go"));
			String readsBefore = ServiceMetrics.scrape(gatewayUrl);
			String messagingReadsBefore = ServiceMetrics.scrape(messagingUrl);
			InboxBenchProbe probe = new InboxBenchProbe(ingestUrl, gatewayUrl, KEY, db);
			String visibility = probe.run(probeRate, seconds, "+97256", "wamid.inbound.probe.");
			Path done = Path.of(readyFile + ".done");
			awaitFile(done);
			String[] wrk = Files.readString(done).trim().split("\\s+");
			long answered = Long.parseLong(wrk[0]) + warmupProbe.posted() + probe.posted();
			String drain = drain(db, answered, Long.parseLong(wrk[1]));
			String storeBegan = storeBegan(db, probe.postedAt());
			String reads = reads(readsBefore, ServiceMetrics.scrape(gatewayUrl), messagingReadsBefore,
					ServiceMetrics.scrape(messagingUrl));
			Files.writeString(Path.of(readyFile + ".result"),
					visibility + "\n" + storeBegan + "\n" + reads + "\n" + drain + "\n", StandardCharsets.UTF_8);
		}
		LockSupport.park();
	}

	private static Connection connect(PostgresEndpoint postgres) throws SQLException {
		return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
	}

	/**
	 * Per probed message, the time from just before its webhook was posted until the
	 * transaction that stored it began (its entry's {@code created_at}, PostgreSQL's
	 * {@code now()}): the part of the visibility spent before messaging-service took it.
	 */
	private static String storeBegan(Connection db, Map<String, Long> postedAt) throws SQLException {
		List<Double> latencies = new ArrayList<>();
		try (PreparedStatement query = db.prepareStatement("SELECT wamid, (extract(epoch FROM created_at) * 1000000)"
				+ "::bigint FROM messaging.conversation_entries WHERE wamid LIKE 'wamid.inbound.probe.%'");
				ResultSet rows = query.executeQuery()) {
			while (rows.next()) {
				Long posted = postedAt.get(rows.getString(1));
				if (posted != null) {
					latencies.add((rows.getLong(2) - posted) / 1e3);
				}
			}
		}
		return String.format(Locale.ROOT, "RESULT probe-store-began samples=%d of %d %s", latencies.size(),
				postedAt.size(), InboxBenchProbe.describe(latencies));
	}

	/**
	 * The probe's timeline reads of the measured phase as the gateway and
	 * messaging-service timed them (their {@code http.server.requests}, scraped before
	 * and after).
	 */
	private static String reads(String gatewayBefore, String gatewayAfter, String messagingBefore,
			String messagingAfter) {
		String anyRead = "method=\"GET\"";
		String timelineRead = "uri=\"/api/v1/conversations/{id}/messages\"";
		return "RESULT read-in-gateway "
				+ Histogram.of(gatewayAfter, "http_server_requests_seconds", anyRead)
					.minus(Histogram.of(gatewayBefore, "http_server_requests_seconds", anyRead))
					.describe()
				+ "\nRESULT read-in-messaging "
				+ Histogram.of(messagingAfter, "http_server_requests_seconds", timelineRead)
					.minus(Histogram.of(messagingBefore, "http_server_requests_seconds", timelineRead))
					.describe();
	}

	/**
	 * Waits until messaging-service has stored at least as many inbound messages as
	 * webhooks were answered (every webhook carries one message with its own wamid) and
	 * the count has stopped growing (the backlog is drained), and says how long after the
	 * load ended the last one was stored. A webhook wrk did not count as answered (socket
	 * error, timeout, in flight when it stopped) may still have been accepted, so up to
	 * {@code unanswered} more may be stored; fewer than answered is a loss.
	 */
	private static String drain(Connection db, long answered, long unanswered) throws Exception {
		long started = System.nanoTime();
		long lastGrowth = started;
		long stored = -1;
		try (PreparedStatement query = db.prepareStatement(
				"SELECT count(*) FROM messaging.conversation_entries WHERE tenant_id = 'demo' AND kind = 'INBOUND'")) {
			while (System.nanoTime() - started < Duration.ofSeconds(120).toNanos()) {
				long count;
				try (ResultSet rows = query.executeQuery()) {
					rows.next();
					count = rows.getLong(1);
				}
				if (count != stored) {
					stored = count;
					lastGrowth = System.nanoTime();
				}
				else if (stored >= answered && System.nanoTime() - lastGrowth > Duration.ofSeconds(3).toNanos()) {
					break;
				}
				LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
			}
		}
		return String.format(Locale.ROOT,
				"RESULT drain check=%s answered=%d unanswered=%d stored=%d lost=%d last_stored_after_load_s=%.1f "
						+ "contacts=%d conversations=%d",
				(stored < answered) ? "LOST" : (stored > answered + unanswered) ? "MORE_THAN_POSTED" : "ok", answered,
				unanswered, stored, Math.max(0, answered - stored), (lastGrowth - started) / 1e9,
				count(db, "messaging.contacts"), count(db, "messaging.conversations"));
	}

	private static long count(Connection db, String table) throws SQLException {
		try (PreparedStatement query = db.prepareStatement("SELECT count(*) FROM " + table);
				ResultSet rows = query.executeQuery()) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static void awaitFile(Path file) {
		while (!Files.exists(file)) {
			LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
		}
	}

}
