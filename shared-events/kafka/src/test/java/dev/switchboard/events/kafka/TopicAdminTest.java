package dev.switchboard.events.kafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicAdminTest {

	@Test
	void createsTopicsFromTheCatalog() {
		NewTopic compacted = TopicAdmin.newTopic("tenants.config.v1");
		assertThat(compacted.numPartitions()).isEqualTo(6);
		assertThat(compacted.configs()).containsEntry("cleanup.policy", "compact");
		assertThat(TopicAdmin.newTopic("orders.events.v1").configs()).containsEntry("retention.ms",
				String.valueOf(365L * 24 * 3600 * 1000));
		assertThat(TopicAdmin.newTopic("tenants.config.v1.dlq.g").configs()).doesNotContainKey("cleanup.policy")
			.containsKey("retention.ms");
	}

	@Test
	void letsTheRawArchiveHoldLargeRecords() {
		assertThat(TopicAdmin.newTopic("wa.raw.v1").configs()).containsEntry("max.message.bytes",
				String.valueOf(8 * 1024 * 1024));
		assertThat(TopicAdmin.newTopic("wa.status.v1").configs()).doesNotContainKey("max.message.bytes");
	}

}
