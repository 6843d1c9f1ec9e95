package dev.switchboard.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.switchboard.events.EventJson;
import dev.switchboard.events.Topic;
import dev.switchboard.events.tenants.TenantConfig;
import dev.switchboard.infra.SharedInfra;

/**
 * Reads tenants.config.v1 from the beginning, the way the services follow it.
 */
final class TenantConfigTopic {

	private TenantConfigTopic() {
	}

	/**
	 * Every record of a tenant published so far, oldest first.
	 * @param tenantId the tenant
	 * @return the configurations and the CloudEvents type header of each
	 */
	static List<Published> read(String tenantId) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				SharedInfra.get().kafka().bootstrapServers(), ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
				StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		List<Published> found = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
			List<TopicPartition> partitions = consumer.partitionsFor(Topic.TENANTS_CONFIG.topicName())
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < end.get(partition))) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					if (tenantId.equals(record.key()) && record.value() != null) {
						String type = new String(record.headers().lastHeader("ce_type").value());
						found.add(new Published(type, EventJson.read(record.value(), TenantConfig.class),
								new String(record.value(), java.nio.charset.StandardCharsets.UTF_8)));
					}
				}
			}
		}
		return found;
	}

	static List<Long> versions(String tenantId) {
		return read(tenantId).stream().map((published) -> published.config().version()).collect(Collectors.toList());
	}

	/**
	 * One published record.
	 *
	 * @param type the CloudEvents type
	 * @param config the configuration
	 * @param json the record's value as published
	 */
	record Published(String type, TenantConfig config, String json) {
	}

}
