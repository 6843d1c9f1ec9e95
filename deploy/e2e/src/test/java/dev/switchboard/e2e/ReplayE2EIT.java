package dev.switchboard.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

import dev.switchboard.local.LocalStack;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every consumer group of every service reset to the earliest offsets and everything
 * consumed again, as a team rebuilding state would: the state the services answer with is
 * identical, no WhatsApp message is sent again, no CBB call is repeated and no event is
 * published twice (every topic ends where it ended before).
 * <p>
 * First of the end-to-end classes: the stack is then still free of other classes'
 * messages whose timed transitions (an unknown send outcome failing after its deadline)
 * would publish between the two snapshots.
 */
@ExtendWith(E2EStack.class)
@Order(1)
class ReplayE2EIT {

	private static final Logger log = LoggerFactory.getLogger(ReplayE2EIT.class);

	/** The services that consume topics; the gateway only publishes. */
	private static final Set<String> CONSUMERS = Set.of("webhook-ingest", "messaging-service", "order-service",
			"template-service", "workflow-service");

	private static LocalStack stack;

	private static E2EClients clients;

	@BeforeAll
	static void clients() {
		stack = E2EStack.stack();
		clients = E2EClients.demo(stack);
	}

	@Test
	void everyGroupResetToEarliestRebuildsTheSameStateAndRepeatsNoSideEffect() throws Exception {
		List<String> messages = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			messages.add(send("97250006" + String.format("%04d", i), "replay-" + System.nanoTime()));
		}
		ViziOrders
			.post(clients.ingest(), "replay-il-" + System.nanoTime(),
					ViziOrders.order("IL" + System.nanoTime() % 1_000_000 + "RP", "il", "+972", "0500006101", "ils"))
			.expectStatus()
			.isAccepted();
		ViziOrders
			.post(clients.ingest(), "replay-ro-" + System.nanoTime(),
					ViziOrders.order("RO" + System.nanoTime() % 1_000_000 + "RP", "ro", "+40", "0721006102", "eur"))
			.expectStatus()
			.isAccepted();
		List<String> phones = List.of("+972500006101", "+40721006102");
		await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
			for (String id : messages) {
				assertThat(clients.read("/api/v1/messages/{id}", id).get("status")).isEqualTo("read");
			}
			for (String phone : phones) {
				assertThat(clients.orders(phone)).singleElement()
					.extracting((order) -> order.get("status"))
					.isEqualTo("confirmed");
			}
		});

		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.infra().kafka().bootstrapServers()))) {
			Map<String, Object> before = quiet(admin, messages, phones);

			stack.restart(CONSUMERS, () -> resetEveryGroupToEarliest(admin), Duration.ofMinutes(5));
			await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> totalLag(admin) == 0);

			Map<String, Object> after = quiet(admin, messages, phones);
			assertThat(after).isEqualTo(before);
		}
	}

	/**
	 * Waits until nothing moves (every group caught up, the simulators' counts and every
	 * topic's end still for a few seconds), then takes what the test compares.
	 */
	private static Map<String, Object> quiet(Admin admin, List<String> messages, List<String> phones) {
		Map<String, Object> last = new HashMap<>();
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(3)).until(() -> {
			Map<String, Object> now = state(admin, messages, phones);
			boolean still = totalLag(admin) == 0 && now.equals(last);
			last.clear();
			last.putAll(now);
			return still;
		});
		return last;
	}

	private static Map<String, Object> state(Admin admin, List<String> messages, List<String> phones)
			throws ExecutionException, InterruptedException {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("meta requests", stack.simulators().meta().requestCount());
		state.put("meta sends", stack.simulators().meta().sentMessages().size());
		state.put("cbb requests", stack.simulators().cbb().requestCount());
		state.put("cbb contents", stack.simulators().cbb().sentContents().size());
		state.put("topic ends", topicEnds(admin));
		for (String id : messages) {
			state.put("message " + id, clients.read("/api/v1/messages/{id}", id));
		}
		for (String phone : phones) {
			List<Map<String, Object>> found = clients.orders(phone);
			state.put("orders " + phone, found);
			for (Map<String, Object> order : found) {
				state.put("history " + order.get("id"),
						clients.get("/api/v1/orders/{id}/history", order.get("id"))
							.expectStatus()
							.isOk()
							.expectBody(String.class)
							.returnResult()
							.getResponseBody());
			}
		}
		return state;
	}

	/** Where every partition of every topic ends. */
	private static Map<String, Long> topicEnds(Admin admin) throws ExecutionException, InterruptedException {
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		for (var description : admin.describeTopics(admin.listTopics().names().get()).allTopicNames().get().values()) {
			description.partitions()
				.forEach((partition) -> latest.put(new TopicPartition(description.name(), partition.partition()),
						OffsetSpec.latest()));
		}
		Map<String, Long> ends = new TreeMap<>();
		admin.listOffsets(latest)
			.all()
			.get()
			.forEach((partition, info) -> ends.put(partition.toString(), info.offset()));
		return ends;
	}

	private static long totalLag(Admin admin) throws ExecutionException, InterruptedException {
		long lag = 0;
		for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
				.partitionsToOffsetAndMetadata()
				.get();
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			committed.keySet().forEach((partition) -> latest.put(partition, OffsetSpec.latest()));
			var ends = admin.listOffsets(latest).all().get();
			for (var entry : committed.entrySet()) {
				if (entry.getValue() != null) {
					lag += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
				}
			}
		}
		return lag;
	}

	/**
	 * Moves every group's committed offsets to the start of its partitions; retried until
	 * the stopped members have left their groups.
	 */
	private static void resetEveryGroupToEarliest(Admin admin) {
		await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
			int groups = 0;
			for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
				Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
					.partitionsToOffsetAndMetadata()
					.get();
				Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
				committed.keySet().forEach((partition) -> earliest.put(partition, OffsetSpec.earliest()));
				Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
				admin.listOffsets(earliest)
					.all()
					.get()
					.forEach((partition, info) -> start.put(partition, new OffsetAndMetadata(info.offset())));
				admin.alterConsumerGroupOffsets(group.groupId(), start).all().get();
				groups++;
			}
			log.info("Reset {} consumer groups to their earliest offsets", groups);
			return true;
		});
	}

	private static String send(String recipient, String idempotencyKey) {
		Map<String, Object> accepted = E2EClients.accepted(clients.post("/api/v1/messages")
			.header("Idempotency-Key", idempotencyKey)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("to", "+" + recipient, "channelId", "demo-meta", "type", "template", "template",
					E2EClients.CONFIRMATION))
			.exchange());
		return (String) accepted.get("id");
	}

}
