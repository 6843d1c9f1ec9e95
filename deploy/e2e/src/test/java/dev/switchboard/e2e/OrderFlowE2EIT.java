package dev.switchboard.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import dev.switchboard.events.EventJson;
import dev.switchboard.events.Topic;
import dev.switchboard.local.LocalStack;
import dev.switchboard.simulators.CbbContact;
import dev.switchboard.simulators.CbbContent;
import dev.switchboard.simulators.FaultRule;
import dev.switchboard.simulators.SentMessage;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.core.ParameterizedTypeReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order flow against the real processes of the local stack: a signed Vizi order
 * through webhook-ingest, order-service syncing the customer to CBB and asking
 * messaging-service for the localized confirmation, the order read back through the
 * gateway. Every test has its own order ids and customer phone, and counts only those.
 */
@ExtendWith(E2EStack.class)
class OrderFlowE2EIT {

	private static final Duration FLOW = Duration.ofSeconds(60);

	/** How long nothing more may arrive after duplicates and replays. */
	private static final Duration QUIET = Duration.ofSeconds(6);

	/** An order's history: its status changes. */
	private static final ParameterizedTypeReference<List<Map<String, Object>>> CHANGES = new ParameterizedTypeReference<>() {
	};

	private static LocalStack stack;

	private static E2EClients clients;

	@BeforeAll
	static void clients() {
		stack = E2EStack.stack();
		clients = E2EClients.demo(stack);
	}

	@Test
	void anIsraeliOrderBecomesOneCbbContactAndOneHebrewConfirmationThroughCbb() {
		String orderId = "IL261130IN01";
		postOrder("e2e-il-1", ViziOrders.order(orderId, "il", "+972", "0500007001", "ils"));

		Map<String, Object> order = awaitOnlyOrder("+972500007001", Set.of("confirmed"));
		assertThat(order).containsEntry("externalOrderId", orderId)
			.containsEntry("branch", "il")
			.containsEntry("currency", "ILS")
			.containsEntry("cbbContactId", "972500007001");
		assertThat(order.get("customer"))
			.isEqualTo(Map.of("name", "Dana Example", "email", "dana@example.com", "phone", "+972500007001"));
		assertThat(clients.read((uri) -> uri.path("/api/v1/orders/{id}").build(order.get("id")))).extracting("status")
			.isEqualTo("confirmed");
		assertThat(order.get("confirmation")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("channelId", "demo-cbb");

		CbbContact contact = onlyContact("972500007001");
		assertThat(contact.customFields()).containsEntry("customer_name", "Dana Example")
			.containsEntry("visa_country", "india")
			.containsEntry("OrderNumber", orderId)
			.containsEntry("visa_intent", "tourism")
			.containsEntry("visa_entries", "double")
			.containsEntry("visa_validity", "1 month")
			.containsEntry("visa_flag", "🇮🇳")
			.containsEntry("Email", "dana@example.com")
			.containsEntry("order_sum_ils", "249")
			.containsEntry("order_urgent", "0")
			.containsEntry("wa_alerts", "1")
			.containsEntry("order_date", Long.toString(Instant.parse("2025-02-01T00:00:00Z").getEpochSecond()))
			.containsKey("order_date_time");

		List<CbbContent> sent = awaitOneCbbContent("972500007001");
		JsonNode template = EventJson.mapper().readTree(sent.get(0).body()).path("messages").path(0).path("template");
		assertThat(template.path("name").asString()).isEqualTo("order_confirmation_global");
		assertThat(template.path("language").path("code").asString()).isEqualTo("he");
		assertThat(template.toString()).contains("הודו").contains(orderId);
		assertThat(metaMessages("972500007001")).isEmpty();
	}

	@Test
	void aRomanianOrderGetsARomanianConfirmationThroughMeta() {
		String orderId = "RO261130IN02";
		postOrder("e2e-ro-1", ViziOrders.order(orderId, "ro", "+40", "0721110002", "eur"));

		Map<String, Object> order = awaitOnlyOrder("+40721110002", Set.of("confirmed"));
		assertThat(order).containsEntry("branch", "ro").containsEntry("currency", "EUR");
		assertThat(order.get("cbbContactId")).isNull();

		List<SentMessage> sent = metaMessages("40721110002");
		assertThat(sent).hasSize(1);
		JsonNode template = EventJson.mapper().readTree(sent.get(0).body()).path("template");
		assertThat(template.path("name").asString()).isEqualTo("order_confirmation_global");
		assertThat(template.path("language").path("code").asString()).isEqualTo("ro");
		assertThat(stack.simulators().cbb().contact("40721110002")).isEmpty();
		assertThat(cbbContents("40721110002")).isEmpty();
	}

	@Test
	void duplicatesAndReplaysChangeNothing() throws Exception {
		String orderId = "IL261130IN03";
		Map<String, Object> body = ViziOrders.order(orderId, "il", "+972", "0500007003", "ils");
		postOrder("e2e-dup-1", body);
		Map<String, Object> order = awaitOnlyOrder("+972500007003", Set.of("confirmed"));
		awaitOneCbbContent("972500007003");

		// the same delivery again, the same order under a new webhook id, and the
		// received topic from its beginning
		postOrder("e2e-dup-1", body);
		postOrder("e2e-dup-2", body);
		int replayed = replayReceivedOrders();
		assertThat(replayed).isPositive();

		await().during(QUIET).atMost(QUIET.plusSeconds(10)).untilAsserted(() -> {
			assertThat(clients.orders("+972500007003")).singleElement().satisfies((only) -> {
				assertThat(only.get("id")).isEqualTo(order.get("id"));
				assertThat(only.get("status")).isEqualTo("confirmed");
			});
			assertThat(stack.simulators().cbb().contacts()).filteredOn((contact) -> contact.id().equals("972500007003"))
				.hasSize(1);
			assertThat(cbbContents("972500007003")).hasSize(1);
		});
		assertThat(history(order.get("id"))).startsWith("received", "synced").doesNotContain("sync_failed");
	}

	@Test
	void cbbDownFailsTheSyncAfterRetriesAndAnOperatorRetryConfirms() {
		String phoneDigits = "972500007004";
		FaultRule down = FaultRule.httpError(503).forRecipient(phoneDigits);
		stack.simulators().cbb().faults().add(down);
		Map<String, Object> failed;
		try {
			postOrder("e2e-down-1", ViziOrders.order("IL261130IN04", "il", "+972", "0500007004", "ils"));
			failed = awaitOnlyOrder("+" + phoneDigits, Set.of("sync_failed"));
			assertThat((String) failed.get("reason")).contains("CBB unavailable");
			assertThat(stack.simulators().cbb().contact(phoneDigits)).isEmpty();
		}
		finally {
			stack.simulators().cbb().faults().clear();
		}

		Map<String, Object> retried = E2EClients
			.ok(clients.post("/api/v1/orders/{id}/retry-sync", failed.get("id")).exchange());
		assertThat(retried).containsEntry("outcome", "accepted");

		awaitOnlyOrder("+" + phoneDigits, Set.of("confirmed"));
		onlyContact(phoneDigits);
		awaitOneCbbContent(phoneDigits);
		assertThat(history(failed.get("id"))).startsWith("received", "sync_failed", "synced");
	}

	@Test
	void aTestOrderIsAcknowledgedAndCreatesNoOrder() {
		Map<String, Object> answer = postOrder("e2e-test-1",
				ViziOrders.order("IL261130IN05-TEST", "il", "+972", "0500007005", "ils"));
		assertThat(answer).containsEntry("status", "skipped");
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(clients.orders("+972500007005")).isEmpty());
		assertThat(stack.simulators().cbb().contact("972500007005")).isEmpty();
	}

	/** Posts the order, signed, to webhook-ingest and takes its 202 answer. */
	private static Map<String, Object> postOrder(String webhookId, Map<String, Object> order) {
		return E2EClients.accepted(ViziOrders.post(clients.ingest(), webhookId, order));
	}

	/** Waits until the phone has exactly one order, in one of those statuses. */
	private static Map<String, Object> awaitOnlyOrder(String phone, Set<String> statuses) {
		List<Map<String, Object>> found = new ArrayList<>();
		await().atMost(FLOW).untilAsserted(() -> {
			List<Map<String, Object>> orders = clients.orders(phone);
			assertThat(orders).singleElement().extracting((order) -> order.get("status")).isIn(statuses);
			found.clear();
			found.addAll(orders);
		});
		return found.get(0);
	}

	private static List<String> history(Object orderId) {
		List<Map<String, Object>> changes = clients.read(CHANGES, "/api/v1/orders/{id}/history", orderId);
		return changes.stream().map((change) -> (String) change.get("status")).toList();
	}

	private static CbbContact onlyContact(String digits) {
		List<CbbContact> contacts = stack.simulators()
			.cbb()
			.contacts()
			.stream()
			.filter((contact) -> contact.id().equals(digits))
			.toList();
		assertThat(contacts).hasSize(1);
		return contacts.get(0);
	}

	/** Waits for the contact's one CBB message, and makes sure no second one came. */
	private static List<CbbContent> awaitOneCbbContent(String digits) {
		await().atMost(FLOW).until(() -> !cbbContents(digits).isEmpty());
		List<CbbContent> sent = cbbContents(digits);
		assertThat(sent).hasSize(1);
		return sent;
	}

	private static List<CbbContent> cbbContents(String digits) {
		return stack.simulators()
			.cbb()
			.sentContents()
			.stream()
			.filter((content) -> content.contactId().equals(digits))
			.toList();
	}

	private static List<SentMessage> metaMessages(String digits) {
		return stack.simulators()
			.meta()
			.sentMessages()
			.stream()
			.filter((message) -> message.to().replaceAll("\\D", "").equals(digits))
			.toList();
	}

	/**
	 * Reads {@code orders.received.v1} from its beginning to its current end with a plain
	 * consumer and publishes every record again, key, value and headers unchanged.
	 * @return how many records were published again
	 */
	private static int replayReceivedOrders() throws Exception {
		String bootstrap = stack.infra().kafka().bootstrapServers();
		Properties consumerProperties = new Properties();
		consumerProperties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
		List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties,
				new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(Topic.ORDERS_RECEIVED.topicName())
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			await().atMost(Duration.ofSeconds(20)).pollInSameThread().until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
				return partitions.stream().allMatch((partition) -> consumer.position(partition) >= end.get(partition));
			});
		}
		Properties producerProperties = new Properties();
		producerProperties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties, new ByteArraySerializer(),
				new ByteArraySerializer())) {
			for (ConsumerRecord<byte[], byte[]> record : records) {
				producer
					.send(new ProducerRecord<>(record.topic(), record.partition(), record.key(), record.value(),
							record.headers()))
					.get();
			}
		}
		return records.size();
	}

}
