package dev.switchboard.tenants;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.TopicAdmin;
import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.Topic;
import dev.switchboard.events.tenants.ChannelConfig;
import dev.switchboard.events.tenants.TenantConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The directory rebuilds from the compacted topic and follows changes as they are
 * published.
 */
class TenantDirectoryIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static EventPublisher publisher;

	@BeforeAll
	static void start() {
		TopicAdmin.ensureTopics(TestKafka.settings(), Topic.TENANTS_CONFIG).block(TIMEOUT);
		publisher = new EventPublisher(TestKafka.settings());
	}

	@AfterAll
	static void stop() {
		publisher.close();
	}

	@Test
	void readsWhatWasPublishedBeforeItStartedThenFollows() {
		String tenant = "t-" + UUID.randomUUID();
		String phone = phone();
		publish(tenant, 1, phone);
		try (TenantDirectory directory = TenantDirectory.follow(TestKafka.settings(), List.of())) {
			directory.ready().block(TIMEOUT);
			assertThat(directory.byPhoneNumberId(phone).map(ChannelRef::tenant).map(TenantConfig::tenantId))
				.contains(tenant);

			String newPhone = phone();
			publish(tenant, 2, newPhone);
			await().atMost(TIMEOUT).until(() -> directory.byPhoneNumberId(newPhone).isPresent());
			assertThat(directory.byPhoneNumberId(phone)).isEmpty();

			publisher.publishRaw(Topic.TENANTS_CONFIG, tenant, null, Map.of()).block(TIMEOUT);
			await().atMost(TIMEOUT).until(() -> directory.tenant(tenant).isEmpty());
		}
	}

	@Test
	void seedsApplyUntilTheTopicHoldsANewerVersion() {
		String tenant = "t-" + UUID.randomUUID();
		String seededPhone = phone();
		try (TenantDirectory directory = TenantDirectory.follow(TestKafka.settings(),
				List.of(config(tenant, 1, seededPhone)))) {
			assertThat(directory.byPhoneNumberId(seededPhone)).isPresent();
			String publishedPhone = phone();
			publish(tenant, 2, publishedPhone);
			await().atMost(TIMEOUT).until(() -> directory.byPhoneNumberId(publishedPhone).isPresent());
			assertThat(directory.byPhoneNumberId(seededPhone)).isEmpty();
		}
	}

	private static void publish(String tenant, long version, String phone) {
		EventEnvelope<TenantConfig> event = EventEnvelope.of(EventType.TENANT_CONFIG_V1,
				URI.create("urn:switchboard:test"), tenant, tenant, config(tenant, version, phone));
		publisher.publish(event, tenant).block(TIMEOUT);
	}

	private static TenantConfig config(String tenant, long version, String phone) {
		ChannelConfig channel = new ChannelConfig(tenant + "-meta", ChannelConfig.META, phone, "waba", null, List.of(),
				null, 80, null, null, true);
		return new TenantConfig(tenant, tenant, TenantConfig.ACTIVE, "standard", List.of(channel), List.of(), version,
				Instant.now());
	}

	private static String phone() {
		return Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits()));
	}

}
