package dev.switchboard.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.switchboard.events.EventJson;
import dev.switchboard.events.Topic;
import dev.switchboard.local.LocalIdentityTokens;
import dev.switchboard.local.LocalStack;
import dev.switchboard.local.ServiceProcess;
import dev.switchboard.simulators.MetaSimulator;
import dev.switchboard.simulators.SentMessage;
import dev.switchboard.simulators.SimulatorOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Services stopped as Kubernetes stops them (SIGTERM) under load, then started again:
 * nothing accepted is lost and nothing done is done again.
 * <ul>
 * <li>webhook-ingest, under a steady stream of signed status webhooks: a webhook whose
 * handler waits for its body when the signal comes is answered 200 after the listener
 * closed (connections refused or reset while it stops are retried, as Meta retries),
 * every webhook answered 200 is on {@code wa.status.v1}, and those answered 200 while it
 * stopped exactly once;</li>
 * <li>messaging-service, in the middle of a stream of sends: when it has stopped, the
 * consumer group's committed offsets cover exactly the send commands whose message went
 * to the Graph API (a command past the committed offset whose message was sent would be
 * handled again at the next start; one before it whose message was not sent would be
 * lost), and after the restart every message has gone to the simulator exactly once.</li>
 * </ul>
 * Both services stop by themselves within their grace (exit code 143, never killed), and
 * their consumers report drained.
 */
@ExtendWith(E2EStack.class)
class GracefulShutdownE2EIT {

	private static final Logger log = LoggerFactory.getLogger(GracefulShutdownE2EIT.class);

	private static final int WEBHOOKS_PER_SECOND = 40;

	private static final int WEBHOOK_SECONDS = 12;

	/** About 15 s of sending at the demo number's 80 messages/s. */
	private static final int MESSAGES = 1_200;

	private static final String SENDER_GROUP = "messaging-service.sender";

	private static final Pattern CALLBACK = Pattern
		.compile("\"biz_opaque_callback_data\"\\s*:\\s*\"sb:([0-9a-f-]{36})\"");

	private static final Duration RESTART = Duration.ofMinutes(5);

	private static LocalStack stack;

	private static String kafka;

	@BeforeAll
	static void stack() {
		stack = E2EStack.stack();
		kafka = stack.infra().kafka().bootstrapServers();
	}

	@Test
	void webhookIngestStoppedUnderLoadFinishesItsRequestsAndLosesNoWebhook() throws Exception {
		MetaSimulator meta = stack.simulators().meta();
		Map<TopicPartition, Long> before = StatusTopic.endOffsets(kafka);
		String prefix = "wamid.GS-INGEST-" + UUID.randomUUID();
		SteadyWebhooks load = SteadyWebhooks.start(meta, prefix, WEBHOOKS_PER_SECOND, WEBHOOK_SECONDS);
		load.awaitAccepted(WEBHOOKS_PER_SECOND * WEBHOOK_SECONDS / 3);

		ServiceProcess ingest = stack.service("webhook-ingest");
		int port = ingest.spec().port();
		String inFlightWamid = prefix + "-in-flight";
		int status;
		int exitCode;
		Instant signalled;
		// Retried like Meta retries, should the service answer 503 under back-pressure.
		HalfSentWebhook[] opened = new HalfSentWebhook[1];
		await().atMost(Duration.ofSeconds(60))
			.ignoreExceptions()
			.until(() -> (opened[0] = HalfSentWebhook.open(port, meta, inFlightWamid)) != null);
		try (HalfSentWebhook inFlight = opened[0]) {
			signalled = Instant.now();
			CompletableFuture<Integer> exit = ingest.terminate();
			// The listener closes when the web server's graceful shutdown begins.
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> !listening(port));
			status = inFlight.finish();
			exitCode = exit.get(ServiceProcess.SHUTDOWN_GRACE.toSeconds(), TimeUnit.SECONDS);
		}
		Instant exited = Instant.now();
		Set<String> acceptedWhileStopping = new HashSet<>(load.acceptedBetween(signalled, exited));
		acceptedWhileStopping.add(inFlightWamid);
		log.info(
				"Stopped webhook-ingest after {} webhooks were sent, {} answered 200; the one in flight got {}; "
						+ "while it stopped: {} statuses answered 200, other outcomes {}",
				load.sent(), load.accepted(), status, acceptedWhileStopping.size(),
				load.failuresBetween(signalled, exited));
		assertThat(status).as("answer to the webhook in flight at SIGTERM").isEqualTo(200);
		assertThat(exitCode).as("webhook-ingest stopped by itself").isEqualTo(ServiceProcess.EXIT_ON_SIGTERM);
		// Refused or reset connections are retried, as is a 503 under back-pressure.
		assertThat(Files.readAllLines(ingest.logFile())).as("webhook-ingest's shutdown log")
			.anyMatch((line) -> line.contains("Graceful shutdown complete"));
		stack.restart(Set.of("webhook-ingest"), () -> {
		}, RESTART);

		List<String> accepted = new ArrayList<>(load.awaitAllAccepted(Duration.ofMinutes(3)));
		accepted.add(inFlightWamid);
		Map<String, Integer> written = StatusTopic.wamidsSince(kafka, before);
		log.info("{} webhooks answered 200 after {} attempts {}; {} statuses in Kafka", load.size(), load.attempts(),
				load.failures(), written.size());
		assertThat(accepted).hasSize(load.size() * SteadyWebhooks.STATUSES_PER_WEBHOOK + 1);
		List<String> missing = new ArrayList<>(accepted);
		missing.removeAll(written.keySet());
		assertThat(missing).as("statuses answered 200 but not in Kafka").isEmpty();
		Map<String, Integer> notOnce = new HashMap<>();
		acceptedWhileStopping.forEach((wamid) -> {
			int copies = written.getOrDefault(wamid, 0);
			if (copies != 1) {
				notOnce.put(wamid, copies);
			}
		});
		assertThat(notOnce).as("statuses answered 200 while stopping but not in Kafka exactly once (wamid: copies)")
			.isEmpty();
	}

	@Test
	void messagingStoppedMidStreamCommitsWhatItSentAndSendsEveryMessageOnce() throws Exception {
		MetaSimulator meta = stack.simulators().meta();
		E2EClients messaging = E2EClients.direct(stack.ports().messaging(), GracefulShutdownE2EIT::token);
		List<String> ids = submit(messaging);
		Set<String> ours = new HashSet<>(ids);
		await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> sends(meta, ours).size() >= MESSAGES / 4);

		ServiceProcess stopped = stack.service("messaging-service");
		int exitCode = stopped.terminate().get(ServiceProcess.SHUTDOWN_GRACE.toSeconds(), TimeUnit.SECONDS);
		Map<String, List<SentMessage>> sentAtStop = sends(meta, ours);
		Map<TopicPartition, Long> committed = committedOffsets(SENDER_GROUP);
		Map<String, List<TopicPartitionOffset>> commands = commandsOf(ours);
		log.info("Stopped messaging-service after {} of {} sends; committed offsets {}", sentAtStop.size(), MESSAGES,
				committed);
		assertThat(exitCode).as("messaging-service stopped by itself").isEqualTo(ServiceProcess.EXIT_ON_SIGTERM);
		assertThat(commands.keySet()).as("send commands in Kafka").containsExactlyInAnyOrderElementsOf(ours);
		assertThat(sentAtStop.size()).as("sends when stopped (mid-stream)").isLessThan(MESSAGES);

		List<String> doneButNotCommitted = new ArrayList<>();
		List<String> committedButNotDone = new ArrayList<>();
		commands.forEach((id, records) -> records.forEach((record) -> {
			boolean covered = record.offset() < committed.getOrDefault(record.partition(), 0L);
			if (!covered && sentAtStop.containsKey(id)) {
				doneButNotCommitted.add(id + "@" + record);
			}
			if (covered && !sentAtStop.containsKey(id)) {
				committedButNotDone.add(id + "@" + record);
			}
		}));
		assertThat(doneButNotCommitted).as("commands handled but not committed: handled again at the next start")
			.isEmpty();
		assertThat(committedButNotDone).as("commands committed but their message not sent").isEmpty();
		assertThat(Files.readAllLines(stopped.logFile())).as("messaging-service's shutdown log")
			.anyMatch((line) -> line.contains(
					"Consumer of " + Topic.MESSAGING_COMMANDS.topicName() + " in group " + SENDER_GROUP + " drained"))
			.noneMatch((line) -> line.contains("did not drain") || line.contains("did not finish"));

		stack.restart(Set.of("messaging-service"), () -> {
		}, RESTART);
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> sends(meta, ours).size() == MESSAGES);
		Map<String, List<SentMessage>> sends = sends(meta, ours);
		assertThat(sends).allSatisfy((id, received) -> assertThat(received).as("sends of %s", id).hasSize(1));
		Path restartedLog = stack.service("messaging-service").logFile();
		assertThat(Files.readAllLines(restartedLog)).as("restarted messaging-service's log")
			.noneMatch((line) -> line.contains("not calling again"));
	}

	/**
	 * Submits the messages in batches of 100, templates to as many recipients (no pair
	 * rate holds one back) through the demo number.
	 */
	private static List<String> submit(E2EClients client) {
		List<String> ids = new ArrayList<>();
		for (int from = 0; from < MESSAGES; from += 100) {
			List<Map<String, Object>> messages = new ArrayList<>();
			for (int i = from; i < Math.min(MESSAGES, from + 100); i++) {
				messages.add(Map.of("to", String.format(Locale.ROOT, "+97250%07d", 4_000_000 + i), "channelId",
						"demo-meta", "type", "template", "template", E2EClients.CONFIRMATION));
			}
			Map<String, Object> answer = E2EClients.accepted(client.post("/api/v1/messages/batch")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("messages", messages))
				.exchange());
			assertThat(answer).containsEntry("accepted", messages.size()).containsEntry("refused", 0);
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> results = (List<Map<String, Object>>) answer.get("results");
			results.forEach((result) -> ids.add((String) result.get("id")));
		}
		return ids;
	}

	/** The simulator's sends of our messages, by message id (the callback data). */
	private static Map<String, List<SentMessage>> sends(MetaSimulator meta, Set<String> ours) {
		return meta.sentMessages().stream().filter((sent) -> {
			String id = messageId(sent);
			return id != null && ours.contains(id);
		}).collect(Collectors.groupingBy(GracefulShutdownE2EIT::messageId));
	}

	private static String messageId(SentMessage sent) {
		Matcher matcher = CALLBACK.matcher(sent.body());
		return matcher.find() ? matcher.group(1) : null;
	}

	private static Map<TopicPartition, Long> committedOffsets(String group) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
			Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get(30, TimeUnit.SECONDS);
			Map<TopicPartition, Long> committed = new HashMap<>();
			offsets.forEach((partition, offset) -> {
				if (offset != null && partition.topic().equals(Topic.MESSAGING_COMMANDS.topicName())) {
					committed.put(partition, offset.offset());
				}
			});
			return committed;
		}
	}

	/** Where the send commands of our messages are, by message id. */
	private static Map<String, List<TopicPartitionOffset>> commandsOf(Set<String> ours) {
		Map<String, List<TopicPartitionOffset>> commands = new HashMap<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ConsumerConfig.CLIENT_ID_CONFIG,
						"graceful-e2e-" + UUID.randomUUID(), ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
						StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
						ByteArrayDeserializer.class, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
						ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
			String topic = Topic.MESSAGING_COMMANDS.topicName();
			List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30))
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> {
					JsonNode id = EventJson.mapper().readTree(record.value()).get("messageId");
					if (id != null && ours.contains(id.asString())) {
						commands.computeIfAbsent(id.asString(), (key) -> new ArrayList<>())
							.add(new TopicPartitionOffset(new TopicPartition(record.topic(), record.partition()),
									record.offset()));
					}
				});
				return end.entrySet()
					.stream()
					.allMatch((entry) -> consumer.position(entry.getKey()) >= entry.getValue());
			});
		}
		return commands;
	}

	private static boolean listening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("localhost", port), 1_000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * An internal identity token for messaging-service as the local gateway mints them: a
	 * fresh one per request.
	 */
	private static String token() {
		return "Bearer "
				+ LocalIdentityTokens.token("messaging-service", "demo", "messages:send messages:read", "graceful-e2e");
	}

	private record TopicPartitionOffset(TopicPartition partition, long offset) {

		@Override
		public String toString() {
			return this.partition + "@" + this.offset;
		}

	}

	/**
	 * A signed status webhook sent over a plain socket in two parts: the headers with
	 * {@code Expect: 100-continue}, and once the service answered {@code 100 Continue}
	 * (its handler asks for the body: the request is in flight there), the body with
	 * {@link #finish()}, which reads the final answer's status.
	 */
	private static final class HalfSentWebhook implements AutoCloseable {

		private final Socket socket;

		private final byte[] body;

		private HalfSentWebhook(Socket socket, byte[] body) {
			this.socket = socket;
			this.body = body;
		}

		static HalfSentWebhook open(int port, MetaSimulator meta, String wamid) throws IOException {
			byte[] body = SteadyWebhooks.body(List.of(wamid), 0);
			String signature = meta.signature(SimulatorOptions.DEMO_PHONE_NUMBER_ID, body);
			Socket socket = new Socket("localhost", port);
			socket.setSoTimeout(60_000);
			String head = "POST /webhooks/whatsapp HTTP/1.1\r\nHost: localhost:" + port
					+ "\r\nContent-Type: application/json\r\nX-Hub-Signature-256: " + signature + "\r\nContent-Length: "
					+ body.length + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n";
			OutputStream out = socket.getOutputStream();
			out.write(head.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			int status = status(socket.getInputStream());
			if (status != 100) {
				socket.close();
				throw new IOException("Expected 100 Continue, got " + status);
			}
			// The interim answer's headers, up to the empty line.
			while (!line(socket.getInputStream()).isBlank()) {
				// skipped
			}
			return new HalfSentWebhook(socket, body);
		}

		/** Sends the body; the final answer's status code. */
		int finish() throws IOException {
			OutputStream out = this.socket.getOutputStream();
			out.write(this.body);
			out.flush();
			return status(this.socket.getInputStream());
		}

		private static int status(InputStream in) throws IOException {
			String statusLine = line(in);
			String[] parts = statusLine.trim().split(" ");
			if (parts.length < 2) {
				throw new IOException("No answer, only '" + statusLine + "'");
			}
			return Integer.parseInt(parts[1]);
		}

		private static String line(InputStream in) throws IOException {
			StringBuilder line = new StringBuilder();
			int next;
			while ((next = in.read()) != -1 && next != '\n') {
				line.append((char) next);
			}
			return line.toString();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
