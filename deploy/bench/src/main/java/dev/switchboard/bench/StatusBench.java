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
 * What {@code deploy/bench/statuses.sh} measures: signed Meta status webhooks into
 * webhook-ingest, folded by messaging-service, read back through the gateway.
 * <p>
 * Starts embedded infrastructure, webhook-ingest, one messaging-service and the gateway
 * (routing {@code /api/v1/messages/**} to it, rate limits far above the probe's reads),
 * each in its own JVM. Stores the messages the statuses refer to as the send path leaves
 * them once Meta answered (wamid recorded): sending hundreds of thousands of messages
 * through the simulator first would take longer than the measurement. Writes the signed
 * webhooks wrk posts to {@code <file>.bodies} (one {@code signature TAB body} per line;
 * per message {@code sent}, {@code delivered} and {@code read}, a thousand messages per
 * block so that a message's statuses are about a second apart), then
 * {@code ingest=<port> gateway=<port> warmup_lines=<n>} to the file named by the first
 * argument.
 * <p>
 * During the warm-up (from the ready file on) a probe runs as in the measured run, on
 * messages of its own, and its samples are dropped: the read path is compiled before it
 * is measured. When {@code <file>.go} appears (the measured run starts), the probe posts
 * its own signed {@code sent} webhook for a fresh message at a fixed rate and measures,
 * per status, the time from just before the POST until the first {@code GET
 * /api/v1/messages/{id}} through the gateway that shows {@code sent} (reads every 10 ms:
 * a sample is late by at most one read interval plus one read). When {@code <file>.done}
 * appears (holding the number of webhooks wrk had answered 2xx), it waits until
 * messaging-service has processed every status event (its inbox) and writes the
 * {@code RESULT} lines to {@code <file>.result}; runs until killed.
 * <p>
 * Arguments: ready file, rate (statuses/s, probes included), seconds, warm-up seconds,
 * probes per second, statuses per load webhook (default 1; the probe's carry one).
 */
public final class StatusBench {

	private static final String KEY = "Bearer sb_demokey1.localdemosecret";

	/** Histograms of the reads' server-side times, for the RESULT read-in lines. */
	private static final String READ_HISTOGRAM = "--management.metrics.distribution.percentiles-histogram.http.server.requests=true";

	private StatusBench() {
	}

	public static void main(String[] args) throws Exception {
		Path readyFile = Path.of(args[0]);
		int rate = Integer.parseInt(args[1]);
		int seconds = Integer.parseInt(args[2]);
		int warmup = Integer.parseInt(args[3]);
		int probeRate = Integer.parseInt(args[4]);
		int perWebhook = (args.length > 5) ? Integer.parseInt(args[5]) : 1;
		int loadRate = Math.max(1, rate - probeRate);
		// wrk catches up on slots it missed, so the warm-up may post more than its share:
		// the measured lines start past a margin, never repeated, so the drain check
		// holds.
		int webhookRate = Math.max(1, loadRate / perWebhook);
		int warmupLines = (int) (webhookRate * warmup * 1.2);
		int lines = warmupLines + (int) (webhookRate * seconds * 1.05) + 3 * StatusWebhooks.BLOCK;
		int messages = (lines * perWebhook + 2) / 3;
		int probes = probeRate * (seconds + 10);
		int warmupProbes = probeRate * (warmup + 10);

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
		try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
				postgres.password())) {
			store(db, "wamid.bench.", "+97252", messages);
			store(db, "wamid.probe.", "+97253", probes);
			store(db, "wamid.warmup.", "+97254", warmupProbes);
		}
		StatusWebhooks.writeBodies(Path.of(readyFile + ".bodies"), messages, perWebhook);
		Files.writeString(readyFile,
				"ingest=" + ports.ingest() + " gateway=" + ports.gateway() + " warmup_lines=" + warmupLines + "\n",
				StandardCharsets.UTF_8);

		String ingestUrl = "http://localhost:" + ports.ingest() + "/webhooks/whatsapp";
		String gatewayUrl = "http://localhost:" + ports.gateway();
		// The warm-up runs the probe too (the same load, and its read path compiled):
		// what it measures is dropped.
		StatusBenchProbe warmupProbe = new StatusBenchProbe(ingestUrl, gatewayUrl, KEY, StatusWebhooks.APP_SECRET);
		if (warmup > 1) {
			runProbe(warmupProbe, postgres, "wamid.warmup.", "+97254", probeRate, warmup - 1);
		}
		awaitFile(Path.of(readyFile + ".go"));
		String readsBefore = ServiceMetrics.scrape(gatewayUrl);
		String messagingReadsBefore = ServiceMetrics.scrape(messagingUrl);
		StatusBenchProbe probe = new StatusBenchProbe(ingestUrl, gatewayUrl, KEY, StatusWebhooks.APP_SECRET);
		String visibility = runProbe(probe, postgres, "wamid.probe.", "+97253", probeRate, seconds);
		Path done = Path.of(readyFile + ".done");
		awaitFile(done);
		long posted = Long.parseLong(Files.readString(done).trim()) * perWebhook + warmupProbe.posted()
				+ probe.posted();
		String drain = drain(postgres, posted);
		String foldBegan = foldBegan(postgres, probe.postedAt());
		String batches = batches(messagingUrl);
		String reads = reads(readsBefore, ServiceMetrics.scrape(gatewayUrl), messagingReadsBefore,
				ServiceMetrics.scrape(messagingUrl));
		Files.writeString(Path.of(readyFile + ".result"),
				visibility + "\n" + foldBegan + "\n" + reads + "\n" + batches + "\n" + drain + "\n",
				StandardCharsets.UTF_8);
		LockSupport.park();
	}

	/**
	 * Per probed status, the time from just before its webhook was posted until the
	 * transaction that folded it began (the message's {@code updated_at}, PostgreSQL's
	 * {@code now()}): the part of the visibility spent before the fold.
	 */
	private static String foldBegan(PostgresEndpoint postgres, Map<String, Long> postedAt) throws SQLException {
		List<Double> latencies = new ArrayList<>();
		try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
				PreparedStatement query = db.prepareStatement("SELECT id::text, "
						+ "(extract(epoch FROM updated_at) * 1000000)::bigint FROM messaging.messages "
						+ "WHERE wamid LIKE 'wamid.probe.%' AND status <> 'accepted'");
				ResultSet rows = query.executeQuery()) {
			while (rows.next()) {
				Long posted = postedAt.get(rows.getString(1));
				if (posted != null) {
					latencies.add((rows.getLong(2) - posted) / 1e3);
				}
			}
		}
		latencies.sort(null);
		// A probe lost by the visibility measurement shows here as never folded or late.
		return String.format(Locale.ROOT,
				"RESULT probe-fold-began samples=%d of %d p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f",
				latencies.size(), postedAt.size(), StatusBenchProbe.percentile(latencies, 50),
				StatusBenchProbe.percentile(latencies, 90), StatusBenchProbe.percentile(latencies, 99),
				latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1));
	}

	/**
	 * messaging-service's batch folds over the whole run (warm-up included), from its
	 * Prometheus histogram: how many, their mean size, and how long one took.
	 */
	private static String batches(String messagingUrl) throws Exception {
		String scrape = ServiceMetrics.scrape(messagingUrl);
		Histogram folds = Histogram.of(scrape, "switchboard_statuses_batch_seconds", "");
		Histogram sizes = Histogram.of(scrape, "switchboard_statuses_batch_size_statuses", "");
		return "RESULT fold-batches " + folds.describe() + String.format(Locale.ROOT, " mean_size=%.1f", sizes.mean());
	}

	/**
	 * The probe's reads of the measured phase as the gateway and messaging-service timed
	 * them (their {@code http.server.requests}, scraped before and after): what the rest
	 * of a read's round trip is spent on the way.
	 */
	private static String reads(String gatewayBefore, String gatewayAfter, String messagingBefore,
			String messagingAfter) {
		String anyRead = "method=\"GET\"";
		String messageRead = "uri=\"/api/v1/messages/{id}\"";
		return "RESULT read-in-gateway "
				+ Histogram.of(gatewayAfter, "http_server_requests_seconds", anyRead)
					.minus(Histogram.of(gatewayBefore, "http_server_requests_seconds", anyRead))
					.describe()
				+ "\nRESULT read-in-messaging "
				+ Histogram.of(messagingAfter, "http_server_requests_seconds", messageRead)
					.minus(Histogram.of(messagingBefore, "http_server_requests_seconds", messageRead))
					.describe();
	}

	/** Stores messages as the send path leaves them once Meta answered with a wamid. */
	private static void store(Connection db, String wamidPrefix, String recipientPrefix, int count)
			throws SQLException {
		try (PreparedStatement insert = db.prepareStatement("INSERT INTO messaging.messages (id, tenant_id, "
				+ "channel_id, provider, recipient, type, body, content, status, wamid, matched_by, provider_attempts, "
				+ "provider_call_started_at, accepted_at, created_at, updated_at) SELECT gen_random_uuid(), 'demo', "
				+ "'demo-meta', 'META', ? || lpad(g::text, 7, '0'), 'text', 'Bench', '{\"body\":\"Bench\"}'::jsonb, "
				+ "'accepted', ? || g, 'provider', 1, now(), now(), now(), now() FROM generate_series(0, ? - 1) g")) {
			insert.setString(1, recipientPrefix);
			insert.setString(2, wamidPrefix);
			insert.setInt(3, count);
			insert.executeUpdate();
		}
	}

	/**
	 * Runs a probe over the stored messages of a wamid prefix (each probe {@code k} posts
	 * {@code sent} for message {@code k}); returns its RESULT lines.
	 */
	private static String runProbe(StatusBenchProbe probe, PostgresEndpoint postgres, String wamidPrefix,
			String recipientPrefix, int perSecond, int seconds) throws SQLException {
		List<String> ids = probeIds(postgres, wamidPrefix);
		return probe.run(perSecond, seconds, ids::get, (k) -> StatusWebhooks.webhook(wamidPrefix + k,
				recipientPrefix + StatusWebhooks.digits(k), "sent", Instant.now().getEpochSecond()));
	}

	/** The ids of the probe messages with that wamid prefix, in probe order. */
	private static List<String> probeIds(PostgresEndpoint postgres, String wamidPrefix) throws SQLException {
		List<String> ids = new ArrayList<>();
		try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
				PreparedStatement query = db.prepareStatement("SELECT id FROM messaging.messages WHERE wamid LIKE "
						+ "? || '%' ORDER BY substring(wamid from length(?) + 1)::int")) {
			query.setString(1, wamidPrefix);
			query.setString(2, wamidPrefix);
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					ids.add(rows.getString(1));
				}
			}
		}
		return ids;
	}

	/**
	 * Waits until messaging-service processed as many status events as were posted, and
	 * says how long that took after the load ended.
	 */
	private static String drain(PostgresEndpoint postgres, long posted) throws Exception {
		long started = System.nanoTime();
		long processed = 0;
		try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
				PreparedStatement query = db.prepareStatement(
						"SELECT count(*) FROM messaging.inbox WHERE consumer_group = 'messaging-service.statuses'")) {
			while (System.nanoTime() - started < Duration.ofSeconds(120).toNanos()) {
				try (ResultSet rows = query.executeQuery()) {
					rows.next();
					processed = rows.getLong(1);
				}
				if (processed >= posted) {
					break;
				}
				LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
			}
		}
		return String.format(Locale.ROOT, "RESULT drain posted=%d processed=%d after_load_s=%.1f", posted, processed,
				(System.nanoTime() - started) / 1e9);
	}

	private static void awaitFile(Path file) {
		while (!Files.exists(file)) {
			LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
		}
	}

}
