package dev.switchboard.bench;

import java.io.BufferedWriter;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

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

	private static final String NUMBER = "100000000000001";

	private static final String WABA = "200000000000001";

	private static final String APP_SECRET = "demo-app-secret";

	private static final String KEY = "Bearer sb_demokey1.localdemosecret";

	/** Messages per block: their sent, then delivered, then read statuses. */
	private static final int BLOCK = 1_000;

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
		int lines = warmupLines + (int) (webhookRate * seconds * 1.05) + 3 * BLOCK;
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
		writeBodies(Path.of(readyFile + ".bodies"), messages, perWebhook);
		Files.writeString(readyFile,
				"ingest=" + ports.ingest() + " gateway=" + ports.gateway() + " warmup_lines=" + warmupLines + "\n",
				StandardCharsets.UTF_8);

		String ingestUrl = "http://localhost:" + ports.ingest() + "/webhooks/whatsapp";
		String gatewayUrl = "http://localhost:" + ports.gateway();
		// The warm-up runs the probe too (the same load, and its read path compiled):
		// what it measures is dropped.
		StatusBenchProbe warmupProbe = new StatusBenchProbe(ingestUrl, gatewayUrl, KEY, APP_SECRET);
		if (warmup > 1) {
			List<String> warmupIds = probeIds(postgres, "wamid.warmup.");
			warmupProbe.run(probeRate, warmup - 1, (k) -> warmupIds.get(k),
					(k) -> webhook("wamid.warmup." + k, "+97254" + digits(k), "sent", Instant.now().getEpochSecond()));
		}
		awaitFile(Path.of(readyFile + ".go"));
		String readsBefore = scrape(gatewayUrl);
		String messagingReadsBefore = scrape(messagingUrl);
		StatusBenchProbe probe = new StatusBenchProbe(ingestUrl, gatewayUrl, KEY, APP_SECRET);
		List<String> probeIds = probeIds(postgres, "wamid.probe.");
		String visibility = probe.run(probeRate, seconds, (k) -> probeIds.get(k),
				(k) -> webhook("wamid.probe." + k, "+97253" + digits(k), "sent", Instant.now().getEpochSecond()));
		Path done = Path.of(readyFile + ".done");
		awaitFile(done);
		long posted = Long.parseLong(Files.readString(done).trim()) * perWebhook + warmupProbe.posted()
				+ probe.posted();
		String drain = drain(postgres, posted);
		String foldBegan = foldBegan(postgres, probe.postedAt());
		String batches = batches(messagingUrl);
		String reads = reads(readsBefore, scrape(gatewayUrl), messagingReadsBefore, scrape(messagingUrl));
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
		String scrape = scrape(messagingUrl);
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

	private static String scrape(String serviceUrl) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(serviceUrl + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

	/** One Prometheus histogram (or summary), summed over the series with a label. */
	private record Histogram(double count, double sum, double max, TreeMap<Double, Double> buckets) {

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
	 * One line per webhook: {@code sha256=<hex> TAB body}; blocks of messages get their
	 * sent, then delivered, then read statuses, {@code perWebhook} consecutive ones in a
	 * webhook (Meta batches up to 1,000, without guarantee).
	 */
	private static void writeBodies(Path file, int messages, int perWebhook) throws Exception {
		long base = Instant.now().getEpochSecond();
		String[] statuses = { "sent", "delivered", "read" };
		List<String> pending = new ArrayList<>(perWebhook);
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			for (int block = 0; block < messages; block += BLOCK) {
				int end = Math.min(messages, block + BLOCK);
				for (int s = 0; s < statuses.length; s++) {
					for (int i = block; i < end; i++) {
						pending.add(status("wamid.bench." + i, "+97252" + digits(i), statuses[s], base + s));
						if (pending.size() == perWebhook) {
							String body = webhook(pending);
							out.write(StatusBenchProbe.signature(APP_SECRET, body));
							out.write('\t');
							out.write(body);
							out.write('\n');
							pending.clear();
						}
					}
				}
			}
		}
	}

	/** A Meta status webhook for the demo number with one status. */
	static String webhook(String wamid, String recipient, String status, long timestamp) {
		return webhook(List.of(status(wamid, recipient, status, timestamp)));
	}

	/** A Meta status webhook for the demo number, as the Cloud API posts it. */
	private static String webhook(List<String> statuses) {
		return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"" + WABA + "\",\"changes\":[{\"field\":"
				+ "\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":"
				+ "\"15550000001\",\"phone_number_id\":\"" + NUMBER + "\"},\"statuses\":[" + String.join(",", statuses)
				+ "]}}]}]}";
	}

	private static String status(String wamid, String recipient, String status, long timestamp) {
		return "{\"id\":\"" + wamid + "\",\"status\":\"" + status + "\",\"timestamp\":\"" + timestamp
				+ "\",\"recipient_id\":\"" + recipient.substring(1) + "\"}";
	}

	private static String digits(int i) {
		return String.format(Locale.ROOT, "%07d", i);
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
