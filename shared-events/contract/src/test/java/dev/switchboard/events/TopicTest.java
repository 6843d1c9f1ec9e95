package dev.switchboard.events;

import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TopicTest {

	@Test
	void namesAreUniqueVersionedAndLegal() {
		assertThat(Arrays.stream(Topic.values()).map(Topic::topicName)).doesNotHaveDuplicates()
			.allMatch((name) -> name.matches("[a-z]+(\\.[a-z]+)+\\.v\\d+"));
	}

	@Test
	void findsTopicsByName() {
		assertThat(Topic.byName("wa.status.v1")).contains(Topic.WA_STATUS);
		assertThat(Topic.byName("wa.status.v9")).isEmpty();
		assertThat(Arrays.stream(Topic.values())).allMatch((topic) -> Topic.byName(topic.topicName()).isPresent());
	}

	@Test
	void namesDeadLetterTopicsPerConsumerGroup() {
		assertThat(Topic.WA_STATUS.dlq("messaging-status")).isEqualTo("wa.status.v1.dlq.messaging-status");
		assertThat(Topic.dlqName("orders.events.v1", "workflows")).isEqualTo("orders.events.v1.dlq.workflows");
		assertThatIllegalArgumentException().isThrownBy(() -> Topic.WA_STATUS.dlq("bad group"));
		assertThatIllegalArgumentException().isThrownBy(() -> Topic.WA_STATUS.dlq(null));
	}

	@Test
	void describesPartitionsRetentionAndCompaction() {
		assertThat(Arrays.stream(Topic.values())).allMatch((topic) -> topic.partitions() == 6)
			.allMatch((topic) -> !topic.keyRule().isBlank());
		assertThat(Arrays.stream(Topic.values()).filter(Topic::compacted)).containsExactly(Topic.TENANTS_CONFIG);
		assertThat(Topic.WA_RAW.retention()).isEqualTo(Duration.ofDays(30));
		assertThat(Topic.WA_STATUS.retention()).isEqualTo(Duration.ofDays(7));
		assertThat(Topic.ORDERS_EVENTS.retention()).isEqualTo(Duration.ofDays(365));
	}

}
