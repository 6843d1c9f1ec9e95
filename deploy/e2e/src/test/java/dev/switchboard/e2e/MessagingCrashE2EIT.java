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
import dev.switchboard.simulators.FaultRule;
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
 * second instance taking over, while the Graph API (the simulator) answers some sends too
 * late: no message is sent twice (the simulator counts every message id) and every
 * message ends final, sent or failed with a reason.
 * <p>
 * What the service guarantees (messaging-service README, "The never-twice guarantee"): a
 * message is claimed by one statement before its provider call and the outcome is
 * recorded after it; a call without an answer is an unknown outcome, resolved by the
 * provider's statuses and never sent again. The kill and the faults leave these behind:
 * <ul>
 * <li>send commands the killed instance had not handled: their messages are swept up by
 * the survivor's scheduler once they have waited {@code stranded-after} (20 s here) with
 * nothing pending, or redelivered to it after the consumer session timeout (45 s); the
 * claim makes either path send once;</li>
 * <li>calls the simulator took whose answer never came (killed caller, or a late answer
 * past the response timeout): Meta's statuses echo {@code biz_opaque_callback_data =
 * sb:<id>}, so the first status, through webhook-ingest, links the wamid
 * ({@code matchedBy: callback_data}); a status held up on the dead consumer arrives after
 * the rebalance, and a message that failed as "send outcome unknown" meanwhile still ends
 * delivered;</li>
 * <li>calls that never reached the simulator (claimed just before the kill, or a gateway
 * timeout): no status ever names them, so after {@code reconcile-after} (20 s here) they
 * fail with "send outcome unknown", never sent again.</li>
 * </ul>
 */
class MessagingCrashE2EIT {

	private static final Logger log = LoggerFactory.getLogger(MessagingCrashE2EIT.class);

	private static final int MESSAGES = 400;

	private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(2);

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
	void anInstanceKilledMidBatchUnderLateAnswersSendsNothingTwiceAndEndsEveryMessage() throws Exception {
		// Some sends are taken but answered after the response timeout, some time out
		// without being taken (504 after the timeout).
		simulators.meta().faults().add(FaultRule.lateAnswer(RESPONSE_TIMEOUT.plusSeconds(1)).withProbability(0.03));
		simulators.meta().faults().add(FaultRule.timeout(RESPONSE_TIMEOUT.plusSeconds(1)).withProbability(0.03));
		// Submitted to the survivor while the victim sends (the number's tier, 40/s,
		// makes the sending last about 10 s); both instances own command partitions with
		// traffic (one channel per partition), so the victim is sending when it dies.
		E2EClients survivor = E2EClients.direct(survivorPort, () -> "Bearer " + token());
		CompletableFuture<List<String>> submitted = CompletableFuture.supplyAsync(() -> submit(survivor));
		await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> simulators.meta().sentMessages().size() >= MESSAGES / 5);
		ChildProcesses.killServing(victimPort);
		int sentAtKill = simulators.meta().sentMessages().size();
		List<String> ids = submitted.get(3, TimeUnit.MINUTES);
		assertThat(ids).hasSize(MESSAGES).doesNotHaveDuplicates();
		Set<String> ours = new HashSet<>(ids);
		log.info("Killed the messaging instance on port {} after {} of {} sends", victimPort, sentAtKill, MESSAGES);
		assertThat(sentAtKill).as("sends when the instance was killed").isLessThan(MESSAGES);

		// Nothing left undecided, and every status the simulator owes has been posted.
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofSeconds(2))
			.until(() -> page(survivor, "accepted").isEmpty() && simulators.meta().pendingStatuses() == 0);
		Map<String, List<SentMessage>> sends = sends(ours);
		assertThat(sends).allSatisfy((id, received) -> assertThat(received).as("sends of %s", id).hasSize(1));
		// A message the simulator took ends sent or later once its statuses are folded;
		// one it never got ends failed, with the reason.
		Map<String, Integer> outcomes = new HashMap<>();
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
			outcomes.clear();
			for (String id : ids) {
				Map<String, Object> message = survivor.read("/api/v1/messages/{id}", id);
				if (sends.containsKey(id)) {
					assertThat(message.get("status")).as("status of %s, which was sent", id).isIn(SENT_OR_LATER);
					assertThat(message.get("wamid")).as("wamid of %s", id).isNotNull();
				}
				else {
					assertThat(message.get("status")).as("status of %s, which was not sent", id).isEqualTo("failed");
					assertThat(message.get("error")).as("reason of %s", id).isNotNull();
				}
				outcomes.merge(message.get("status") + "/" + message.get("matchedBy") + "/attempts="
						+ message.get("attempts") + errorTitle(message), 1, Integer::sum);
			}
		});
		log.info("After the kill: {} of {} messages sent once, the rest failed: {}", sends.size(), MESSAGES, outcomes);
		// Most are sent: the failures are the faults' gateway timeouts and the calls the
		// victim claimed but never made.
		assertThat(sends.size()).as("messages sent").isGreaterThan(MESSAGES * 3 / 4);
	}

	private static String errorTitle(Map<String, Object> message) {
		return (message.get("error") instanceof Map<?, ?> error) ? "/" + error.get("title") : "";
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
						"--switchboard.messaging.delivery.reconcile-after=20s",
						"--switchboard.messaging.delivery.stranded-after=20s",
						"--switchboard.meta.response-timeout=" + RESPONSE_TIMEOUT.toSeconds() + "s",
						"--switchboard.messaging.delivery.call-timeout=" + RESPONSE_TIMEOUT.toSeconds() + "s",
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
	 * Submits the messages in batches of 100 (templates: no customer-service window);
	 * sending starts while later batches are accepted.
	 */
	private static List<String> submit(E2EClients client) {
		List<String> ids = new ArrayList<>();
		for (int from = 0; from < MESSAGES; from += 100) {
			List<Map<String, Object>> messages = new ArrayList<>();
			for (int i = from; i < Math.min(MESSAGES, from + 100); i++) {
				messages.add(Map.of("to", String.format(Locale.ROOT, "+97250%07d", 3_000_000 + i), "channelId",
						channels.get(i % channels.size()), "type", "template", "template", E2EClients.CONFIRMATION));
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

	/**
	 * An internal identity token for messaging-service as the local gateway mints them
	 * (ES256, 60 s): a fresh one per request.
	 */
	private static String token() {
		return LocalIdentityTokens.token("messaging-service", "demo", "messages:send messages:read", "crash-e2e");
	}

}
