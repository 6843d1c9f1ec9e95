package dev.switchboard.events.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * One in-JVM KRaft broker (combined broker and controller) shared by the integration
 * tests of this module, started on first use and stopped when the JVM exits.
 */
final class EmbeddedKafka {

	private static KafkaClusterTestKit cluster;

	private EmbeddedKafka() {
	}

	static synchronized String bootstrapServers() {
		if (cluster == null) {
			cluster = start();
			Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedKafka::stop));
		}
		return cluster.bootstrapServers();
	}

	/** Client settings for tests: short delivery timeout, fast commits. */
	static KafkaSettings settings() {
		return new KafkaSettings(bootstrapServers(), "it").withDeliveryTimeout(Duration.ofSeconds(15))
			.withRequestTimeout(Duration.ofSeconds(5))
			.withProperty("heartbeat.interval.ms", "300");
	}

	/** Committed offsets of a group on a topic, by partition. */
	static Map<Integer, Long> committed(String groupId, String topic) {
		try (Admin admin = admin()) {
			Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
				.partitionsToOffsetAndMetadata()
				.get();
			return offsets.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().topic().equals(topic) && entry.getValue() != null)
				.collect(Collectors.toMap((entry) -> entry.getKey().partition(), (entry) -> entry.getValue().offset()));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Sum of the end offsets of a topic (its record count when nothing was deleted). */
	static long endOffsets(String topic, int partitions) {
		try (Admin admin = admin()) {
			Map<TopicPartition, OffsetSpec> request = IntStream.range(0, partitions)
				.boxed()
				.collect(Collectors.toMap((partition) -> new TopicPartition(topic, partition),
						(partition) -> OffsetSpec.latest()));
			return admin.listOffsets(request).all().get().values().stream().mapToLong((info) -> info.offset()).sum();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Members of a consumer group as the coordinator sees them. */
	static int members(String groupId) {
		try (Admin admin = admin()) {
			return admin.describeConsumerGroups(List.of(groupId)).all().get().get(groupId).members().size();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
	}

	private static KafkaClusterTestKit start() {
		// A broker fault while the JVM exits makes Kafka halt the process with a non-zero
		// status, which fails the test run after every test passed: a guest must not do
		// that.
		Exit.setExitProcedure((status, message) -> {
		});
		Exit.setHaltProcedure((status, message) -> {
		});
		try {
			TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true)
				.setNumBrokerNodes(1)
				.setNumControllerNodes(1)
				.build();
			KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(nodes)
				.setConfigProp("offsets.topic.replication.factor", "1")
				.setConfigProp("offsets.topic.num.partitions", "3")
				.setConfigProp("transaction.state.log.replication.factor", "1")
				.setConfigProp("transaction.state.log.min.isr", "1")
				.setConfigProp("group.initial.rebalance.delay.ms", "0")
				.setConfigProp("auto.create.topics.enable", "false")
				.setDeleteOnClose(true)
				.build();
			kit.format();
			kit.startup();
			kit.waitForReadyBrokers();
			return kit;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Embedded Kafka did not start", ex);
		}
	}

	private static synchronized void stop() {
		try {
			cluster.close();
		}
		catch (Exception ex) {
			// The JVM is exiting; nothing left to clean up reliably.
		}
	}

}
