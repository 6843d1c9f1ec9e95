package dev.switchboard.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.orders.OrderReceived;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.infra.InfraOptions;
import dev.switchboard.local.LocalStack;
import dev.switchboard.local.Ports;
import dev.switchboard.local.ServiceProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What {@code deploy/bench/soak.sh} measures: the whole local stack under a steady mix
 * for a long time, sampled every {@code sample} seconds, to show that nothing grows
 * without bound. The load: API sends through the gateway (the Meta simulator answers them
 * with status webhooks through webhook-ingest) and Vizi orders as webhook-ingest
 * publishes them (each a contact sync or a confirmation send). Each sample: every
 * service's heap after the last collection ({@code jvm_gc_live_data_size_bytes}) and heap
 * in use, its R2DBC pool (acquired and pending connections), every consumer group's lag,
 * and Redis' used memory. Writes the series as CSV and a summary (first fifth against
 * last fifth).
 * <p>
 * Arguments: minutes, sends per second, orders per second, sample seconds, output
 * directory.
 */
public final class SoakBench {

	/**
	 * The confirmation template's eight body parameters: a synced template is checked.
	 */
	private static final String CONFIRMATION_PARAMETERS = String.join(",",
			java.util.stream.Stream
				.of("Dana Example", "India", "-", "IL250101IN99", "Tourist eVisa, 1 month", "1", "249 ILS", "3")
				.map((text) -> "{\"type\":\"text\",\"text\":\"" + text + "\"}")
				.toList());

	private static final Logger log = LoggerFactory.getLogger(SoakBench.class);

	private static final String DEMO_KEY = "Bearer sb_demokey1.localdemosecret";

	private static final Map<String, Object> ORDER = OrderBench.template("ro");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();

	private SoakBench() {
	}

	public static void main(String[] args) throws Exception {
		int minutes = Integer.parseInt(args[0]);
		int sendsPerSecond = Integer.parseInt(args[1]);
		int ordersPerSecond = Integer.parseInt(args[2]);
		int sampleSeconds = Integer.parseInt(args[3]);
		Path out = Path.of(args[4]);
		Files.createDirectories(out);
		try (LocalStack stack = LocalStack.start(InfraOptions.forTests(), Ports.random(), LocalStack.repositoryRoot(),
				Duration.ofSeconds(600))) {
			new SoakBench().run(stack, minutes, sendsPerSecond, ordersPerSecond, sampleSeconds, out);
		}
		System.exit(0);
	}

	private void run(LocalStack stack, int minutes, int sendsPerSecond, int ordersPerSecond, int sampleSeconds,
			Path out) throws Exception {
		String bootstrap = stack.infra().kafka().bootstrapServers();
		Instant end = Instant.now().plus(Duration.ofMinutes(minutes));
		String run = String.format(Locale.ROOT, "%03d", System.currentTimeMillis() % 1_000);
		List<Map<String, Double>> samples = new ArrayList<>();
		try (EventPublisher publisher = new EventPublisher(new KafkaSettings(bootstrap, "soak"));
				Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
				PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out.resolve("soak.csv")))) {
			var sends = Flux.interval(Duration.ofNanos(1_000_000_000L / sendsPerSecond))
				.onBackpressureDrop()
				.flatMap((i) -> Mono.fromFuture(send(stack, run, i)), 256)
				.subscribe();
			var orders = Flux.interval(Duration.ofNanos(1_000_000_000L / ordersPerSecond))
				.onBackpressureDrop()
				.flatMap((i) -> publisher.publish(order(run, i), "demo:soak-" + run + "-" + i)
					.onErrorResume((ex) -> Mono.empty()), 256)
				.subscribe();
			Instant start = Instant.now();
			List<String> columns = null;
			while (Instant.now().isBefore(end)) {
				Mono.delay(Duration.ofSeconds(sampleSeconds)).block();
				Map<String, Double> sample = sample(stack, admin);
				sample.put("minute", Duration.between(start, Instant.now()).toSeconds() / 60.0);
				if (columns == null) {
					columns = new ArrayList<>(sample.keySet());
					csv.println(String.join(",", columns));
				}
				List<String> row = new ArrayList<>();
				for (String column : columns) {
					row.add(String.format(Locale.ROOT, "%.1f", sample.getOrDefault(column, Double.NaN)));
				}
				csv.println(String.join(",", row));
				csv.flush();
				samples.add(sample);
				log.info("sample {} {} answers={}", samples.size(), sample, this.answers);
			}
			sends.dispose();
			orders.dispose();
		}
		Files.writeString(out.resolve("soak-summary.txt"), summary(samples, minutes, sendsPerSecond, ordersPerSecond));
		log.info("{}", Files.readString(out.resolve("soak-summary.txt")));
	}

	private CompletableFuture<Void> send(LocalStack stack, String run, long i) {
		String body = String.format(Locale.ROOT,
				"{\"to\":\"+97251%s%04d\",\"channelId\":\"demo-meta\",\"type\":\"template\","
						+ "\"template\":{\"name\":\"order_confirmation_global\",\"language\":{\"code\":\"en\"},"
						+ "\"components\":[{\"type\":\"body\",\"parameters\":[" + CONFIRMATION_PARAMETERS + "]}]}}",
				run, i % 10_000);
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + stack.ports().gateway() + "/api/v1/messages"))
			.timeout(Duration.ofSeconds(10))
			.header("Authorization", DEMO_KEY)
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", "soak-" + run + "-" + i)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
			String key = (failure != null) ? failure.getClass().getSimpleName()
					: Integer.toString(response.statusCode());
			this.answers.computeIfAbsent(key, (k) -> new AtomicLong()).incrementAndGet();
			return null;
		});
	}

	/**
	 * A Romanian order (a confirmation through Meta), each of the last 10,000 to its own
	 * phone: one recipient for all would only measure the per-recipient pacing.
	 */
	@SuppressWarnings("unchecked")
	private static EventEnvelope<OrderReceived> order(String run, long i) {
		String orderId = "SOAK" + run + "N" + i;
		Map<String, Object> body = new LinkedHashMap<>(OrderBench.body(ORDER, orderId));
		Map<String, Object> form = new LinkedHashMap<>((Map<String, Object>) body.get("form"));
		Map<String, Object> client = new LinkedHashMap<>((Map<String, Object>) form.get("client"));
		client.put("phone", Map.of("code", "+40", "number", String.format(Locale.ROOT, "073%s%04d", run, i % 10_000)));
		form.put("client", client);
		body.put("form", form);
		OrderReceived received = new OrderReceived("vizi", orderId, "ro", Instant.now(), "msg_" + orderId, body);
		return EventEnvelope.of(EventType.ORDER_RECEIVED_V1, URI.create("urn:switchboard:webhook-ingest"), "demo",
				orderId, received);
	}

	private static Map<String, Double> sample(LocalStack stack, Admin admin) throws Exception {
		Map<String, Double> sample = new TreeMap<>();
		for (ServiceProcess service : stack.services()) {
			String name = service.spec().name();
			String scrape;
			try {
				scrape = ServiceMetrics.scrape("http://localhost:" + service.spec().port());
			}
			catch (Exception ex) {
				continue;
			}
			sample.put(name + ".heap_after_gc_mb", sum(scrape, "jvm_gc_live_data_size_bytes", null) / 1e6);
			sample.put(name + ".heap_used_mb", sum(scrape, "jvm_memory_used_bytes", "area=\"heap\"") / 1e6);
			if (scrape.contains("r2dbc_pool_acquired")) {
				sample.put(name + ".r2dbc_acquired", sum(scrape, "r2dbc_pool_acquired_connections", null));
				sample.put(name + ".r2dbc_pending", sum(scrape, "r2dbc_pool_pending_connections", null));
			}
		}
		for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
				.partitionsToOffsetAndMetadata()
				.get();
			Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
			committed.keySet().forEach((partition) -> latest.put(partition, OffsetSpec.latest()));
			Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
			long lag = 0;
			for (var entry : committed.entrySet()) {
				if (entry.getValue() != null) {
					lag += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
				}
			}
			sample.put("lag." + group.groupId(), (double) lag);
		}
		// The machine's own load, to read the other series against (a shared machine).
		sample.put("machine.load_1m", Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
		sample.put("redis.used_memory_mb",
				redisUsedMemory(stack.infra().redis().host(), stack.infra().redis().port()) / 1e6);
		return sample;
	}

	/** The sum of a metric's series (those whose labels contain {@code label}). */
	private static double sum(String scrape, String metric, String label) {
		double total = 0;
		for (String line : scrape.split("\n")) {
			if ((line.startsWith(metric + " ") || line.startsWith(metric + "{"))
					&& (label == null || line.contains(label))) {
				total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		return total;
	}

	/** {@code used_memory} of {@code INFO memory}, over a plain socket. */
	private static double redisUsedMemory(String host, int port) throws Exception {
		try (Socket socket = new Socket(host, port)) {
			socket.setSoTimeout(5_000);
			OutputStream output = socket.getOutputStream();
			output.write("INFO memory\r\n".getBytes(StandardCharsets.US_ASCII));
			output.flush();
			BufferedReader reader = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.startsWith("used_memory:")) {
					return Double.parseDouble(line.substring("used_memory:".length()).trim());
				}
			}
		}
		return Double.NaN;
	}

	/** Each series' mean over the first and the last fifth of the run, side by side. */
	private String summary(List<Map<String, Double>> samples, int minutes, int sends, int orders) {
		StringBuilder text = new StringBuilder();
		text.append(String.format(Locale.ROOT,
				"soak date=%s minutes=%d sends_per_s=%d orders_per_s=%d samples=%d answers=%s%n", Instant.now(),
				minutes, sends, orders, samples.size(), this.answers));
		if (samples.size() < 5) {
			return text.toString();
		}
		int fifth = samples.size() / 5;
		for (String column : new TreeMap<>(samples.get(samples.size() - 1)).keySet()) {
			if (column.equals("minute")) {
				continue;
			}
			double first = mean(samples.subList(0, fifth), column);
			double last = mean(samples.subList(samples.size() - fifth, samples.size()), column);
			double max = samples.stream()
				.mapToDouble((s) -> s.getOrDefault(column, Double.NaN))
				.max()
				.orElse(Double.NaN);
			text.append(String.format(Locale.ROOT, "%-52s first_fifth=%10.1f last_fifth=%10.1f max=%10.1f%n", column,
					first, last, max));
		}
		return text.toString();
	}

	private static double mean(List<Map<String, Double>> samples, String column) {
		return samples.stream().mapToDouble((s) -> s.getOrDefault(column, Double.NaN)).average().orElse(Double.NaN);
	}

}
