package dev.switchboard.events.kafka;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import dev.switchboard.events.Topic;

/**
 * Creates missing topics with the catalog's partitions, retention and compaction, then
 * waits until every partition leader answers: producing right after creating a topic can
 * otherwise lose records (KAFKA-15591).
 */
public final class TopicAdmin {

	private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);

	private static final String DLQ_MARKER = ".dlq.";

	private static final Duration DLQ_RETENTION = Duration.ofDays(30);

	private TopicAdmin() {
	}

	public static Mono<Void> ensureTopics(KafkaSettings settings, Topic... topics) {
		return ensureTopics(settings, Arrays.stream(topics).map(Topic::topicName).toList());
	}

	/**
	 * Ensures the named topics exist: catalog names get their catalog settings,
	 * dead-letter names ({@code <topic>.dlq.<group>}) their parent's partitions and 30
	 * days retention, other names the defaults.
	 */
	public static Mono<Void> ensureTopics(KafkaSettings settings, Collection<String> topicNames) {
		Set<String> names = new LinkedHashSet<>(topicNames);
		return Mono.usingWhen(Mono.fromCallable(() -> Admin.create(settings.adminProperties())),
				(admin) -> create(admin, names).then(awaitLeaders(admin, names, settings.deliveryTimeout())),
				(admin) -> Mono.fromRunnable(() -> admin.close(Duration.ofSeconds(5)))
					.subscribeOn(Schedulers.boundedElastic()))
			.subscribeOn(Schedulers.boundedElastic());
	}

	private static Mono<Void> create(Admin admin, Set<String> names) {
		List<NewTopic> topics = names.stream().map(TopicAdmin::newTopic).toList();
		Map<String, KafkaFuture<Void>> results = admin.createTopics(topics).values();
		return Mono.when(results.entrySet()
			.stream()
			.map((result) -> mono(result.getValue())
				.doOnSuccess((ignored) -> log.info("Created topic {}", result.getKey()))
				.onErrorResume(TopicExistsException.class, (ex) -> Mono.empty()))
			.toList());
	}

	private static Mono<Void> awaitLeaders(Admin admin, Set<String> names, Duration timeout) {
		return Mono.defer(() -> mono(admin.describeTopics(names).allTopicNames()))
			.map(TopicAdmin::partitions)
			.flatMap((partitions) -> mono(admin.listOffsets(partitions).all()))
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(50)).maxBackoff(Duration.ofSeconds(1)))
			.timeout(timeout)
			.then();
	}

	private static Map<TopicPartition, OffsetSpec> partitions(Map<String, TopicDescription> descriptions) {
		Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
		descriptions.values()
			.forEach((description) -> description.partitions()
				.forEach((partition) -> partitions.put(new TopicPartition(description.name(), partition.partition()),
						OffsetSpec.latest())));
		return partitions;
	}

	/**
	 * The topic {@link #ensureTopics} creates for a name: its partitions and
	 * configuration, which provisioned topics (containers, Kubernetes) must match.
	 */
	public static NewTopic newTopic(String name) {
		int dlq = name.indexOf(DLQ_MARKER);
		Optional<Topic> parent = Topic.byName((dlq > 0) ? name.substring(0, dlq) : name);
		int partitions = parent.map(Topic::partitions).orElse(Topic.DEFAULT_PARTITIONS);
		Map<String, String> configs = new HashMap<>();
		if (dlq > 0) {
			configs.put(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(DLQ_RETENTION.toMillis()));
		}
		else if (parent.isPresent() && parent.get().compacted()) {
			configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
		}
		else {
			parent.ifPresent((topic) -> configs.put(TopicConfig.RETENTION_MS_CONFIG,
					String.valueOf(topic.retention().toMillis())));
		}
		parent.ifPresent((topic) -> topic.maxMessageBytes()
			.ifPresent((bytes) -> configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(bytes))));
		// Replication factor: the broker's default.replication.factor.
		return new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(configs);
	}

	private static <T> Mono<T> mono(KafkaFuture<T> future) {
		return Mono.fromFuture(future.toCompletionStage().toCompletableFuture());
	}

}
