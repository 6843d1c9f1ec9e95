package dev.switchboard.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.CloudEventCodec;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.kafka.TopicAdmin;
import dev.switchboard.events.orders.OrderChanged;
import dev.switchboard.events.orders.OrderReceived;
import dev.switchboard.infra.Infra;
import dev.switchboard.infra.InfraOptions;
import dev.switchboard.infra.PostgresEndpoint;
import dev.switchboard.local.LocalStack;
import dev.switchboard.local.Ports;
import dev.switchboard.local.ServiceProcess;
import dev.switchboard.local.ServiceSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import reactor.core.publisher.Flux;

/**
 * What {@code deploy/bench/replay.sh} measures: rebuilding order-service's read tables
 * from {@code orders.events.v1}, as docs/runbook-replay.md tells an operator to.
 * order-service runs on embedded Kafka and PostgreSQL and takes a burst of orders through
 * its real intake, so the topic holds the events the product publishes. Then the read
 * tables are snapshotted, the service is stopped, the tables truncated, the projection
 * group reset to the earliest offsets and the service started again; the bench times the
 * rebuild (events applied per second, first applied to last) and checks that the tables
 * are identical, column for column, and that no topic gained a record and no task or
 * outbox row appeared (no side effects).
 * <p>
 * The intake is slow next to a rebuild (it does all the work: payloads, tasks, outbox),
 * so the bench takes {@code orders} orders through it and then, to give the rebuild
 * enough events to reach its steady rate, publishes {@code copies} copies of every event
 * the intake published, each for another order (new order ids, otherwise the same
 * payload), as if that many more orders had been taken in. The live projector applies
 * them like any other event, so the snapshot includes them.
 * <p>
 * Arguments: orders (default 2000), copies per event (default 99), output file.
 */
public final class ReplayBench {

	private static final String GROUP = "order-service.projection";

	/** Every column of the read tables, in a fixed order, as one text per table. */
	private static final String ORDERS_DIGEST = "SELECT count(*), md5(coalesce(string_agg(o::text, '|' ORDER BY o.id), '')) "
			+ "FROM orders.orders o";

	private static final String HISTORY_DIGEST = "SELECT count(*), md5(coalesce(string_agg(e::text, '|' "
			+ "ORDER BY e.order_id, e.sequence), '')) FROM orders.order_events e";

	private final StringBuilder results = new StringBuilder();

	private ReplayBench() {
	}

	public static void main(String[] args) throws Exception {
		int orders = (args.length > 0) ? Integer.parseInt(args[0]) : 2_000;
		int copies = (args.length > 1) ? Integer.parseInt(args[1]) : 99;
		Path output = Path.of((args.length > 2) ? args[2] : "target/replay-bench.txt");
		ReplayBench bench = new ReplayBench();
		bench.run(orders, copies);
		Files.writeString(output, bench.results.toString(), StandardCharsets.UTF_8);
		System.exit(0);
	}

	private void run(int orders, int copies) throws Exception {
		Ports ports = Ports.random();
		try (Infra infra = Infra.start(InfraOptions.forTests());
				Admin admin = Admin
					.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers()))) {
			KafkaSettings kafka = new KafkaSettings(infra.kafka().bootstrapServers(), "replay-bench");
			TopicAdmin.ensureTopics(kafka, Topic.values()).block(Duration.ofSeconds(60));
			ServiceSpec spec = OrderBench.serviceSpec(ports);
			List<String> springArgs = OrderBench.serviceArgs(infra, spec);
			// No status arrives (messaging-service is not running): the watch must not
			// re-issue confirmations between the snapshots.
			springArgs.add("--switchboard.orders.confirmation.stuck-after=6h");
			Instant intakeStart = Instant.now();
			try (ServiceProcess service = start(spec, springArgs)) {
				publish(kafka, orders);
				awaitProjected(admin, infra.postgres(), orders);
				copy(kafka, copies);
				awaitProjected(admin, infra.postgres(), orders * (copies + 1));
			}
			Duration intake = Duration.between(intakeStart, Instant.now());
			try (Connection db = connect(infra.postgres())) {
				List<String> before = List.of(digest(db, ORDERS_DIGEST), digest(db, HISTORY_DIGEST));
				long events = endOffsets(admin, Topic.ORDERS_EVENTS.topicName()).values()
					.stream()
					.mapToLong(Long::longValue)
					.sum();
				Map<TopicPartition, Long> topicsBefore = allEndOffsets(admin);
				String tasksBefore = digest(db, "SELECT count(*), max(created_at)::text FROM orders.order_tasks");
				String outboxBefore = digest(db, "SELECT last_value, is_called::text FROM orders.outbox_id_seq");
				results.append(String.format(Locale.ROOT,
						"RESULT source: orders=%d (through the intake) + %d copies each, events=%d (orders.events.v1) "
								+ "source_s=%.1f read_tables=%s%n",
						orders, copies, events, intake.toMillis() / 1e3, before));
				try (Statement statement = db.createStatement()) {
					statement.execute("TRUNCATE orders.orders, orders.order_events");
				}
				resetToEarliest(admin);
				long historyRows = Long.parseLong(before.get(1).split(" ")[0]);
				Instant restart = Instant.now();
				try (ServiceProcess service = start(spec, springArgs)) {
					Progress progress = awaitRebuilt(db, historyRows, Duration.ofMinutes(10));
					List<String> after = List.of(digest(db, ORDERS_DIGEST), digest(db, HISTORY_DIGEST));
					double seconds = (progress.lastNanos() - progress.firstNanos()) / 1e9;
					results.append(String.format(Locale.ROOT,
							"RESULT rebuild: events=%d applied_in_s=%.2f events_per_s=%.0f "
									+ "(first row to last) restart_to_done_s=%.1f middle_80pct_events_per_s=%.0f%n",
							events, seconds, events / seconds,
							Duration.between(restart, progress.done()).toMillis() / 1e3, progress.middleRate()));
					boolean identical = after.equals(before);
					boolean topicsUnchanged = allEndOffsets(admin).equals(topicsBefore);
					boolean tasksUnchanged = tasksBefore
						.equals(digest(db, "SELECT count(*), max(created_at)::text FROM orders.order_tasks"));
					boolean outboxUnchanged = outboxBefore
						.equals(digest(db, "SELECT last_value, is_called::text FROM orders.outbox_id_seq"));
					results.append(String.format(Locale.ROOT,
							"RESULT check: identical=%s topics_unchanged=%s tasks_unchanged=%s outbox_unchanged=%s "
									+ "process_cpu_s=%.1f%n",
							identical, topicsUnchanged, tasksUnchanged, outboxUnchanged,
							service.cpuTime().toMillis() / 1e3));
				}
			}
		}
	}

	private static ServiceProcess start(ServiceSpec spec, List<String> springArgs) throws Exception {
		ServiceProcess service = ServiceProcess.start(spec, LocalStack.repositoryRoot(),
				BenchJvm.flags("order-service"), springArgs);
		if (!service.awaitHealthy(Instant.now().plusSeconds(180))) {
			service.close();
			throw new IllegalStateException("order-service did not become healthy");
		}
		return service;
	}

	private static void publish(KafkaSettings kafka, int orders) {
		Map<String, Object> template = OrderBench.template("ro");
		try (EventPublisher publisher = new EventPublisher(kafka)) {
			Flux.range(0, orders).flatMap((i) -> {
				String orderId = template.get("prefix") + "P" + i;
				OrderReceived received = new OrderReceived("vizi", orderId, "ro", Instant.now(), "msg_" + orderId,
						OrderBench.body(template, orderId));
				EventEnvelope<OrderReceived> event = EventEnvelope.of(EventType.ORDER_RECEIVED_V1,
						URI.create("urn:switchboard:webhook-ingest"), "demo", orderId, received);
				return publisher.publish(event, "demo:" + orderId);
			}, 256).blockLast();
		}
	}

	/**
	 * Publishes copies of every event on {@code orders.events.v1} (read once from the
	 * beginning), each copy for another order: a name-based id per original order and
	 * copy, the external order id suffixed, a new event id.
	 */
	private static void copy(KafkaSettings kafka, int copies) {
		List<EventEnvelope<OrderChanged>> originals = new ArrayList<>();
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(Topic.ORDERS_EVENTS.topicName())
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < ends.get(partition))) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					originals.add(CloudEventCodec.decode(record.headers(), record.value(), OrderChanged.class));
				}
			}
		}
		try (EventPublisher publisher = new EventPublisher(kafka)) {
			Flux.range(1, copies).concatMap((copy) -> Flux.fromIterable(originals).flatMap((original) -> {
				EventEnvelope<OrderChanged> event = copyOf(original, copy);
				return publisher.publish(event, event.tenantId() + ":" + event.data().orderId());
			}, 256)).blockLast();
		}
	}

	private static EventEnvelope<OrderChanged> copyOf(EventEnvelope<OrderChanged> original, int copy) {
		OrderChanged change = original.data();
		String orderId = UUID.nameUUIDFromBytes((change.orderId() + "/" + copy).getBytes(StandardCharsets.UTF_8))
			.toString();
		String externalOrderId = change.externalOrderId() + "-C" + copy;
		Map<String, Object> order = new HashMap<>(change.order());
		order.put("id", orderId);
		order.put("externalOrderId", externalOrderId);
		OrderChanged copied = new OrderChanged(orderId, change.source(), externalOrderId, change.branch(),
				change.sequence(), change.status(), change.previousStatus(), change.reason(), change.occurredAt(),
				order);
		return EventEnvelope.of(original.type(), original.source(), original.tenantId(), orderId, copied);
	}

	/**
	 * Every order taken in, the outbox relayed, and the projection group at the topic's
	 * end (the live projector applied every event) with nothing new for a few seconds.
	 */
	private static void awaitProjected(Admin admin, PostgresEndpoint postgres, int orders) throws Exception {
		try (Connection db = connect(postgres)) {
			Instant deadline = Instant.now().plus(Duration.ofMinutes(15));
			Map<TopicPartition, Long> last = Map.of();
			int stableRounds = 0;
			while (stableRounds < 6) {
				if (Instant.now().isAfter(deadline)) {
					throw new IllegalStateException("The intake did not settle: " + digest(db,
							"SELECT count(*), count(*) FILTER (WHERE published_at IS NULL)::text FROM orders.outbox"));
				}
				LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
				long taken = Long.parseLong(digest(db, "SELECT count(*), '' FROM orders.orders").split(" ")[0]);
				// Copies of events are not orders of the intake: wait for the rows.
				long unpublished = Long.parseLong(
						digest(db, "SELECT count(*), '' FROM orders.outbox WHERE published_at IS NULL").split(" ")[0]);
				Map<TopicPartition, Long> ends = endOffsets(admin, Topic.ORDERS_EVENTS.topicName());
				boolean caughtUp = taken >= orders && unpublished == 0 && ends.equals(committed(admin))
						&& ends.equals(last);
				stableRounds = caughtUp ? stableRounds + 1 : 0;
				last = ends;
			}
		}
	}

	private static Map<TopicPartition, Long> committed(Admin admin) throws ExecutionException, InterruptedException {
		Map<TopicPartition, Long> offsets = new HashMap<>();
		for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : admin.listConsumerGroupOffsets(GROUP)
			.partitionsToOffsetAndMetadata()
			.get()
			.entrySet()) {
			if (entry.getValue() != null) {
				offsets.put(entry.getKey(), entry.getValue().offset());
			}
		}
		endOffsets(admin, Topic.ORDERS_EVENTS.topicName()).keySet()
			.forEach((partition) -> offsets.putIfAbsent(partition, 0L));
		return offsets;
	}

	private static void resetToEarliest(Admin admin) throws ExecutionException, InterruptedException {
		Map<TopicPartition, OffsetSpec> request = new HashMap<>();
		endOffsets(admin, Topic.ORDERS_EVENTS.topicName()).keySet()
			.forEach((partition) -> request.put(partition, OffsetSpec.earliest()));
		Map<TopicPartition, OffsetAndMetadata> earliest = new HashMap<>();
		admin.listOffsets(request)
			.all()
			.get()
			.forEach((partition, info) -> earliest.put(partition, new OffsetAndMetadata(info.offset())));
		admin.alterConsumerGroupOffsets(GROUP, earliest).all().get();
	}

	private static Map<TopicPartition, Long> allEndOffsets(Admin admin)
			throws ExecutionException, InterruptedException {
		Map<TopicPartition, Long> all = new HashMap<>();
		for (Topic topic : Topic.values()) {
			all.putAll(endOffsets(admin, topic.topicName()));
		}
		return all;
	}

	private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic)
			throws ExecutionException, InterruptedException {
		int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
		Map<TopicPartition, OffsetSpec> request = new HashMap<>();
		for (int partition = 0; partition < partitions; partition++) {
			request.put(new TopicPartition(topic, partition), OffsetSpec.latest());
		}
		Map<TopicPartition, Long> ends = new HashMap<>();
		admin.listOffsets(request).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
		return ends;
	}

	/**
	 * Polls the history table until it holds every row again; when each row count was
	 * seen.
	 */
	private static Progress awaitRebuilt(Connection db, long rows, Duration patience) throws SQLException {
		Instant deadline = Instant.now().plus(patience);
		List<long[]> samples = new ArrayList<>();
		while (true) {
			long count = Long.parseLong(digest(db, "SELECT count(*), '' FROM orders.order_events").split(" ")[0]);
			samples.add(new long[] { System.nanoTime(), count });
			if (count >= rows) {
				return new Progress(samples, rows, Instant.now());
			}
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("Rebuild incomplete: " + count + " of " + rows + " history rows");
			}
			LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
		}
	}

	private static String digest(Connection db, String sql) throws SQLException {
		try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1) + " " + Objects.toString(rows.getString(2), "");
		}
	}

	private static Connection connect(PostgresEndpoint postgres) throws SQLException {
		return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
	}

	/** Row counts over time while the tables filled. */
	private record Progress(List<long[]> samples, long rows, Instant done) {

		long firstNanos() {
			// The last sample still at zero: the first rows landed after it.
			long first = this.samples.get(0)[0];
			for (long[] sample : this.samples) {
				if (sample[1] > 0) {
					return first;
				}
				first = sample[0];
			}
			return first;
		}

		long lastNanos() {
			return this.samples.get(this.samples.size() - 1)[0];
		}

		/** Rows per second between 10 % and 90 % of the rows: the steady rate. */
		double middleRate() {
			long[] from = reaching(this.rows / 10);
			long[] to = reaching(this.rows * 9 / 10);
			return (to[1] - from[1]) / ((to[0] - from[0]) / 1e9);
		}

		private long[] reaching(long count) {
			for (long[] sample : this.samples) {
				if (sample[1] >= count) {
					return sample;
				}
			}
			return this.samples.get(this.samples.size() - 1);
		}

	}

}
