package dev.switchboard.infra;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The dead-letter topics of a service, for tests that prove nothing was dead-lettered:
 * compare {@link #records} before and after. Dead-letter topics are named
 * {@code <topic>.dlq.<consumer group>} and a service's consumer groups start with its
 * name, so {@code records(kafka, "order-service")} counts every dead-letter topic of
 * order-service's consumers.
 */
public final class DeadLetterTopics {

	private DeadLetterTopics() {
	}

	/**
	 * Returns how many records were ever written to the service's dead-letter topics (the
	 * sum of their end offsets); 0 while none exists.
	 * @param kafka the broker
	 * @param service the start of the consumer groups' names, e.g. {@code order-service}
	 * @return the number of dead-lettered records
	 */
	public static long records(KafkaEndpoint kafka, String service) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
			List<String> topics = admin.listTopics()
				.names()
				.get()
				.stream()
				.filter((name) -> name.contains(".dlq." + service))
				.toList();
			if (topics.isEmpty()) {
				return 0;
			}
			Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(topics)
				.allTopicNames()
				.get()
				.values()
				.stream()
				.flatMap((topic) -> topic.partitions()
					.stream()
					.map((partition) -> new TopicPartition(topic.name(), partition.partition())))
				.collect(Collectors.toMap((partition) -> partition, (partition) -> OffsetSpec.latest()));
			return admin.listOffsets(latest).all().get().values().stream().mapToLong((info) -> info.offset()).sum();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while counting dead letters of " + service, ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not count dead letters of " + service, ex);
		}
	}

}
