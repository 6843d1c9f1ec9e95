package dev.switchboard.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.EventType;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.EventSubscription;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.kafka.TopicAdmin;
import dev.switchboard.events.messaging.SendMessageCommand;
import dev.switchboard.events.orders.OrderReceived;
import dev.switchboard.infra.Infra;
import dev.switchboard.infra.InfraOptions;
import dev.switchboard.local.LocalStack;
import dev.switchboard.local.Ports;
import dev.switchboard.local.ServiceProcess;
import dev.switchboard.local.ServiceSpec;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;

/**
 * What {@code deploy/bench/orders.sh} measures: order-service on embedded Kafka and
 * PostgreSQL, fed {@code OrderReceived} events exactly as webhook-ingest publishes them,
 * timed until the confirmation {@code SendMessageCommand} appears on
 * {@code messaging.commands.v1}. Phase 1 publishes at a fixed rate (open model: latency
 * counts from each order's scheduled time, so a stall is not hidden); phase 2 publishes a
 * burst as fast as Kafka takes it and reports the completed rate (the ceiling).
 * <p>
 * Arguments: rate (orders/s, default 200), seconds (default 60), burst size (default
 * 20000), branch (default {@code ro}: no CBB sync, whose configured delay would
 * dominate), output file, warm-up seconds at the rate before measuring (default 60).
 */
public final class OrderBench {

	private final Map<String, Long> scheduled = new ConcurrentHashMap<>();

	private final Map<String, Long> latencies = new ConcurrentHashMap<>();

	private final Map<String, Long> arrivals = new ConcurrentHashMap<>();

	private final AtomicLong lastArrival = new AtomicLong();

	private final StringBuilder results = new StringBuilder();

	private OrderBench() {
	}

	public static void main(String[] args) throws Exception {
		int rate = (args.length > 0) ? Integer.parseInt(args[0]) : 200;
		int seconds = (args.length > 1) ? Integer.parseInt(args[1]) : 60;
		int burst = (args.length > 2) ? Integer.parseInt(args[2]) : 20000;
		String branch = (args.length > 3) ? args[3] : "ro";
		Path output = Path.of((args.length > 4) ? args[4] : "target/order-bench.txt");
		int warmupSeconds = (args.length > 5) ? Integer.parseInt(args[5]) : 60;
		OrderBench bench = new OrderBench();
		bench.run(rate, seconds, burst, branch, warmupSeconds);
		Files.writeString(output, bench.results.toString(), StandardCharsets.UTF_8);
		System.exit(0);
	}

	private void run(int rate, int seconds, int burst, String branch, int warmupSeconds) throws Exception {
		Ports ports = Ports.random();
		try (Infra infra = Infra.start(InfraOptions.forTests())) {
			KafkaSettings kafka = new KafkaSettings(infra.kafka().bootstrapServers(), "order-bench");
			TopicAdmin.ensureTopics(kafka, Topic.values()).block(Duration.ofSeconds(60));
			ServiceSpec spec = serviceSpec(ports);
			List<String> springArgs = serviceArgs(infra, spec);
			try (ServiceProcess service = ServiceProcess.start(spec, LocalStack.repositoryRoot(),
					BenchJvm.flags("order-service"), springArgs);
					EventPublisher publisher = new EventPublisher(kafka)) {
				if (!service.awaitHealthy(Instant.now().plusSeconds(180))) {
					throw new IllegalStateException("order-service did not become healthy");
				}
				EventSubscription commands = EventConsumer
					.builder(kafka, Topic.MESSAGING_COMMANDS, "order-bench-" + System.nanoTime(),
							SendMessageCommand.class)
					.handler((consumed) -> Mono.fromRunnable(() -> arrived(consumed.event().data())))
					.start();
				try {
					Map<String, Object> template = template(branch);
					// Warm-up at the measured rate: until the JIT has compiled the hot
					// paths a
					// cold service falls behind and that backlog, not the steady state,
					// would
					// fill the tail.
					fixedRate(publisher, template, "W", Math.min(rate, 50), 10);
					fixedRate(publisher, template, "V", rate, warmupSeconds);
					awaitAll(Duration.ofSeconds(120));
					reset();
					fixedRate(publisher, template, "R", rate, seconds);
					awaitAll(Duration.ofSeconds(120));
					report("rate " + rate + "/s for " + seconds + " s", rate * seconds);
					reset();
					long start = System.nanoTime();
					Flux.range(0, burst)
						.flatMap((i) -> publish(publisher, template, "B" + i, System.nanoTime()), 256)
						.blockLast();
					awaitAll(Duration.ofSeconds(300));
					double ceiling = burst / ((this.lastArrival.get() - start) / 1e9);
					report("burst of " + burst, burst);
					this.results.append(String.format(Locale.ROOT,
							"RESULT ceiling orders_per_s=%.0f drain_10_90_orders_per_s=%.0f%n", ceiling, drainRate()));
				}
				finally {
					commands.close();
				}
			}
		}
	}

	private void fixedRate(EventPublisher publisher, Map<String, Object> template, String prefix, int rate,
			int seconds) {
		long start = System.nanoTime();
		long periodNanos = 1_000_000_000L / rate;
		Flux.interval(Duration.ofNanos(periodNanos))
			.take((long) rate * seconds)
			.flatMap((i) -> publish(publisher, template, prefix + i, start + i * periodNanos), 1024)
			.blockLast();
	}

	private Mono<Void> publish(EventPublisher publisher, Map<String, Object> template, String suffix,
			long scheduledAt) {
		String orderId = template.get("prefix") + suffix;
		this.scheduled.put(orderId, scheduledAt);
		Map<String, Object> body = body(template, orderId);
		OrderReceived received = new OrderReceived("vizi", orderId, (String) template.get("branch"), Instant.now(),
				"msg_" + orderId, body);
		EventEnvelope<OrderReceived> event = EventEnvelope.of(EventType.ORDER_RECEIVED_V1,
				URI.create("urn:switchboard:webhook-ingest"), "demo", orderId, received);
		return publisher.publish(event, "demo:" + orderId);
	}

	@SuppressWarnings("unchecked")
	private void arrived(SendMessageCommand command) {
		long now = System.nanoTime();
		List<Map<String, Object>> components = (List<Map<String, Object>>) command.content().get("components");
		List<Map<String, Object>> parameters = (List<Map<String, Object>>) components.get(0).get("parameters");
		String orderId = (String) parameters.get(3).get("text");
		Long at = this.scheduled.get(orderId);
		if (at != null) {
			this.latencies.putIfAbsent(orderId, now - at);
			this.arrivals.putIfAbsent(orderId, now);
			this.lastArrival.accumulateAndGet(now, Math::max);
		}
	}

	private void awaitAll(Duration patience) {
		Flux.interval(Duration.ofMillis(100))
			.takeUntil((tick) -> this.latencies.size() >= this.scheduled.size())
			.take(patience)
			.blockLast();
	}

	/**
	 * Completed orders per second between the 10th and the 90th percentile of arrivals:
	 * the rate at which a backlog drains once publishing it no longer competes for the
	 * cores.
	 */
	private double drainRate() {
		long[] sorted = this.arrivals.values().stream().mapToLong(Long::longValue).sorted().toArray();
		int from = sorted.length / 10;
		int to = sorted.length * 9 / 10;
		return (to - from) / ((sorted[to] - sorted[from]) / 1e9);
	}

	private void reset() {
		this.scheduled.clear();
		this.latencies.clear();
		this.arrivals.clear();
		this.lastArrival.set(0);
	}

	private void report(String phase, int expected) {
		long[] sorted = this.latencies.values().stream().mapToLong(Long::longValue).sorted().toArray();
		this.results.append(
				String.format(Locale.ROOT, "RESULT %s: issued=%d/%d p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f max_ms=%.1f%n",
						phase, sorted.length, expected, pct(sorted, 50), pct(sorted, 95), pct(sorted, 99),
						(sorted.length > 0) ? sorted[sorted.length - 1] / 1e6 : Double.NaN));
	}

	private static double pct(long[] sorted, double percentile) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
	}

	/** order-service on the bench's ports, logging warnings only. */
	static ServiceSpec serviceSpec(Ports ports) {
		return new ServiceSpec("order-service", ports.orders(), "orders", List.of("--logging.level.root=WARN"));
	}

	/**
	 * order-service's arguments: no sync delay, no CBB reachable (branch ro syncs none).
	 */
	static List<String> serviceArgs(Infra infra, ServiceSpec spec) {
		List<String> springArgs = new ArrayList<>(LocalStack.springArgs(infra, spec));
		springArgs.add("--switchboard.orders.sync.delay=0s");
		springArgs.add("--SWITCHBOARD_CBB_BASE_URL=http://localhost:1/cbb/api");
		return springArgs;
	}

	static Map<String, Object> template(String branch) {
		String phone = "ro".equals(branch) ? "{\"code\":\"+40\",\"number\":\"0721000102\"}"
				: "{\"code\":\"+972\",\"number\":\"0500000001\"}";
		String json = """
				{"order":{"id":"X","form_id":"frm_1","branch":"%s","domain":"visanet.co","payment_processor":"stripe",
				  "payment_id":"pi_1","amount":249,"currency":"ils","coupon":null,"status":"active"},
				 "form":{"id":"frm_1","country":"india","quantity":1,"urgency":"none","termsAgreed":true,"orderId":"X",
				  "client":{"name":"Dana Example","email":"dana@example.com","phone":%s,"whatsappAlertsEnabled":true},
				  "product":{"name":"india_tourist_month","country":"india","docType":"evisa","docName":"eVisa",
				   "intent":"tourism","entries":"single","validity":"month","valid_since":"approval","wait":3,
				   "price":{"ils":249},"instructions":["print"]},
				  "entry":{"date":"2025-02-01","port":null},"applicants":[]}}
				""".formatted(branch, phone);
		Map<String, Object> body = EventJson.mapper().readValue(json, new TypeReference<Map<String, Object>>() {
		});
		return Map.of("branch", branch, "body", body, "prefix", branch.toUpperCase(Locale.ROOT)
				+ Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> body(Map<String, Object> template, String orderId) {
		Map<String, Object> body = (Map<String, Object>) template.get("body");
		Map<String, Object> order = new HashMap<>((Map<String, Object>) body.get("order"));
		order.put("id", orderId);
		return Map.of("order", order, "form", body.get("form"));
	}

}
