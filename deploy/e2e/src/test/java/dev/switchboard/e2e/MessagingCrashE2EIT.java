package dev.switchboard.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.kafka.TopicAdmin;
import dev.switchboard.infra.Infra;
import dev.switchboard.infra.InfraOptions;
import dev.switchboard.local.LocalIdentityTokens;
import dev.switchboard.local.LocalStack;
import dev.switchboard.local.Ports;
import dev.switchboard.local.ServiceProcess;
import dev.switchboard.local.ServiceSpec;
import dev.switchboard.simulators.SentMessage;
import dev.switchboard.simulators.SimulatorOptions;
import dev.switchboard.simulators.Simulators;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A messaging-service instance killed (SIGKILL) in the middle of a batch of sends, with a
 * second instance taking over: no message is lost and the Meta simulator receives every
 * message exactly once.
 * <p>
 * What the service guarantees (messaging-service README, "The never-twice guarantee"): a
 * message is claimed by one statement before its provider call and the outcome is
 * recorded after it. The killed instance leaves three kinds of message behind:
 * <ul>
 * <li>send commands it had not handled: redelivered to the survivor once the group
 * rebalances (after the consumer session timeout), and sent there;</li>
 * <li>messages it had claimed but whose request never left it (e.g. waiting for the
 * number's tier slot): no status will ever name them, so after {@code reconcile-after}
 * they are taken as not sent and sent again by the survivor's scheduler;</li>
 * <li>messages Meta took whose answer it never recorded: Meta's statuses echo
 * {@code biz_opaque_callback_data = sb:<id>}, so the first status, through
 * webhook-ingest, links the wamid ({@code matchedBy: callback_data}) and nothing is sent
 * again.</li>
 * </ul>
 * The last two are told apart only by the statuses, so {@code reconcile-after} must
 * outlast the time the killed instance's status partitions take to move to the survivor
 * (the consumer session timeout, 45 s): a shorter window would re-send a message whose
 * statuses were merely stuck on the dead consumer. The default (2 min) does; this test
 * uses 75 s.
 */
class MessagingCrashE2EIT {

	private static final Logger log = LoggerFactory.getLogger(MessagingCrashE2EIT.class);

	private static final int MESSAGES = 1_000;

	private static final Pattern CALLBACK = Pattern
		.compile("\"biz_opaque_callback_data\"\\s*:\\s*\"sb:([0-9a-f-]{36})\"");

	private static final Set<String> SENT_OR_LATER = Set.of("sent", "delivered", "read");

	private static Infra infra;

	private static Simulators simulators;

	private static final List<ServiceProcess> processes = new ArrayList<>();

	private static int victimPort;

	private static int survivorPort;

	private static List<String> channels;

	@BeforeAll
	static void start() throws Exception {
		Ports ports = Ports.random();
		infra = Infra.start(InfraOptions.forTests());
		TopicAdmin.ensureTopics(new KafkaSettings(infra.kafka().bootstrapServers(), "crash-e2e"), Topic.values())
			.block(Duration.ofSeconds(60));
		simulators = Simulators.start(SimulatorOptions.defaults()
			.withPort(ports.simulators())
			.withWebhookUrl("http://localhost:" + ports.ingest() + "/webhooks/whatsapp"));
		channels = channelsOnEveryPartition(Topic.MESSAGING_COMMANDS.partitions());
		victimPort = ports.messaging();
		survivorPort = ports.orders();
		ServiceSpec ingest = new ServiceSpec("webhook-ingest", ports.ingest(), null, List.of());
		processes.add(ServiceProcess.start(ingest, LocalStack.repositoryRoot(), ServiceProcess.FAST_START_FLAGS,
				LocalStack.springArgs(infra, ingest)));
		for (int port : List.of(victimPort, survivorPort)) {
			ServiceSpec spec = new ServiceSpec("messaging-service", port, "messaging",
					messagingArguments(simulators.baseUrl()));
			processes.add(ServiceProcess.start(spec, LocalStack.repositoryRoot(), ServiceProcess.FAST_START_FLAGS,
					LocalStack.springArgs(infra, spec)));
		}
		Instant deadline = Instant.now().plusSeconds(300);
		for (ServiceProcess process : processes) {
			assertThat(process.awaitHealthy(deadline)).as(process.spec().name() + " on " + process.spec().port())
				.isTrue();
		}
	}

	@AfterAll
	static void stop() {
		processes.parallelStream().forEach(ServiceProcess::close);
		if (simulators != null) {
			simulators.close();
		}
		if (infra != null) {
			infra.close();
		}
	}

	@Test
	void anInstanceKilledMidBatchLosesNothingAndSendsNothingTwice() throws Exception {
		// Submitted to the survivor while the victim sends (the number's tier, 40/s,
		// makes the sending last about 25 s); both instances own command partitions with
		// traffic (one channel per partition), so the victim is sending when it dies.
		E2EClients survivor = E2EClients.direct(survivorPort, () -> "Bearer " + token());
		CompletableFuture<List<String>> submitted = CompletableFuture.supplyAsync(() -> submit(survivor));
		await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> simulators.meta().sentMessages().size() >= MESSAGES / 5);
		ProcessHandle victim = childListeningOn(victimPort).orElseThrow();
		victim.destroyForcibly();
		victim.onExit().get(30, TimeUnit.SECONDS);
		int sentAtKill = simulators.meta().sentMessages().size();
		List<String> ids = submitted.get(3, TimeUnit.MINUTES);
		assertThat(ids).hasSize(MESSAGES).doesNotHaveDuplicates();
		Set<String> ours = new HashSet<>(ids);
		log.info("Killed the messaging instance on port {} after {} of {} sends", victimPort, sentAtKill, MESSAGES);
		assertThat(sentAtKill).as("sends when the instance was killed").isLessThan(MESSAGES);

		await().atMost(Duration.ofMinutes(4))
			.pollInterval(Duration.ofSeconds(2))
			.until(() -> page(survivor, "accepted").isEmpty());
		assertThat(page(survivor, "failed")).isEmpty();
		Map<String, Integer> matchedBy = new HashMap<>();
		for (String id : ids) {
			Map<String, Object> message = survivor.read("/api/v1/messages/{id}", id);
			assertThat(message.get("status")).as("status of %s", id).isIn(SENT_OR_LATER);
			assertThat(message.get("wamid")).as("wamid of %s", id).isNotNull();
			matchedBy.merge(message.get("matchedBy") + "/attempts=" + message.get("attempts"), 1, Integer::sum);
		}
		log.info("After the kill: {}", matchedBy);

		Map<String, List<SentMessage>> sends = sends(ours);
		assertThat(sends.keySet()).as("messages the simulator received").containsExactlyInAnyOrderElementsOf(ours);
		assertThat(sends).allSatisfy((id, received) -> assertThat(received).as("sends of %s", id).hasSize(1));
	}

	/**
	 * Channels of the demo number whose send commands ({@code demo:<channel>}, Kafka's
	 * default partitioner) fall on every partition.
	 */
	private static List<String> channelsOnEveryPartition(int partitions) {
		Map<Integer, String> byPartition = new LinkedHashMap<>();
		for (int i = 0; byPartition.size() < partitions; i++) {
			String channel = "crash-" + i;
			byte[] key = ("demo:" + channel).getBytes(StandardCharsets.UTF_8);
			byPartition.putIfAbsent(Utils.toPositive(Utils.murmur2(key)) % partitions, channel);
		}
		return List.copyOf(byPartition.values());
	}

	private static List<String> messagingArguments(String simulatorUrl) {
		List<String> args = new ArrayList<>(
				List.of("--logging.level.root=WARN", "--logging.level.dev.switchboard.messaging.messages.delivery=INFO",
						"--switchboard.meta.graph-base-url=" + simulatorUrl,
						"--switchboard.messaging.delivery.reconcile-after=75s",
						// JVMs starting together on two cores can keep the first Redis
						// handshake
						// past messaging's 2 s command timeout, which fails its start-up.
						"--spring.data.redis.timeout=10s"));
		for (int i = 0; i < channels.size(); i++) {
			String prefix = "--switchboard.messaging.channels[" + i + "].";
			args.addAll(List.of(prefix + "tenant-id=demo", prefix + "channel-id=" + channels.get(i),
					prefix + "provider=META", prefix + "phone-number-id=" + SimulatorOptions.DEMO_PHONE_NUMBER_ID,
					prefix + "access-token=demo-access-token", prefix + "messages-per-second=40"));
		}
		return args;
	}

	/**
	 * Submits the messages in batches of 250 (templates: no customer-service window);
	 * sending starts while later batches are accepted.
	 */
	private static List<String> submit(E2EClients client) {
		List<String> ids = new ArrayList<>();
		for (int from = 0; from < MESSAGES; from += 250) {
			List<Map<String, Object>> messages = new ArrayList<>();
			for (int i = from; i < Math.min(MESSAGES, from + 250); i++) {
				messages.add(Map.of("to", String.format(Locale.ROOT, "+97250%07d", 3_000_000 + i), "channelId",
						channels.get(i % channels.size()), "type", "template", "template",
						Map.of("name", "order_confirmation_global", "language", Map.of("code", "en"))));
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
	private static Map<String, List<SentMessage>> sends(Set<String> ours) {
		return simulators.meta().sentMessages().stream().filter((sent) -> {
			String id = messageId(sent);
			return id != null && ours.contains(id);
		}).collect(Collectors.groupingBy(MessagingCrashE2EIT::messageId));
	}

	private static String messageId(SentMessage sent) {
		Matcher matcher = CALLBACK.matcher(sent.body());
		return matcher.find() ? matcher.group(1) : null;
	}

	private static List<?> page(E2EClients client, String status) {
		return (List<?>) client.read("/api/v1/messages?status={status}&limit=1", status).get("items");
	}

	/** The JVM this test started that serves the port. */
	private static Optional<ProcessHandle> childListeningOn(int port) {
		return ProcessHandle.current()
			.children()
			.filter((child) -> child.info()
				.arguments()
				.map((args) -> List.of(args).contains("--server.port=" + port))
				.orElse(false))
			.findFirst();
	}

	/**
	 * An internal identity token for messaging-service as the local gateway mints them
	 * (ES256, 60 s): a fresh one per request.
	 */
	private static String token() {
		return LocalIdentityTokens.token("messaging-service", "demo", "messages:send messages:read", "crash-e2e");
	}

}
