package dev.switchboard.tenants;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.switchboard.events.kafka.CloudEventCodec;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.kafka.TopicAdmin;
import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.boot.EventsKafkaAutoConfiguration;
import dev.switchboard.tenants.boot.TenantsAutoConfiguration;
import dev.switchboard.events.messaging.SendMessageCommand;
import dev.switchboard.events.tenants.ChannelConfig;
import dev.switchboard.events.tenants.TenantConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service starting while send commands for a tenant already wait on their topic, the
 * tenant's channel being the last thing on {@code tenants.config.v1}: its consumers start
 * only once the tenant directory has read the topic to its end, so no command is handled
 * without its channel; readiness ({@code tenantDirectory}, {@code eventConsumers}) is
 * DOWN until then.
 * <p>
 * The directory is made slow to catch up the way a large topic or a slow broker would:
 * each fetch takes at most one of the tenant's earlier configurations and waits for more
 * data than it may take.
 */
class ConsumersAfterTenantsIT {

	private static final URI SOURCE = URI.create("urn:switchboard:test");

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	/** Earlier configurations of the tenant, one fetch each. */
	private static final int EARLIER_VERSIONS = 20;

	private static final int COMMANDS = 5;

	@Test
	void commandsWaitingAtStartAreHandledOnlyOnceTheDirectoryKnowsTheirChannel() {
		String tenant = "t-" + UUID.randomUUID();
		String channel = "channel-" + UUID.randomUUID();
		String topic = "it.tenants-first." + UUID.randomUUID();
		KafkaSettings plain = TestKafka.settings();
		TopicAdmin.ensureTopics(plain, List.of(Topic.TENANTS_CONFIG.topicName(), topic)).block(TIMEOUT);
		try (KafkaProducer<String, byte[]> producer = producer()) {
			for (int version = 1; version <= EARLIER_VERSIONS; version++) {
				send(producer, Topic.TENANTS_CONFIG.topicName(), tenant, config(tenant, version, "earlier-channel"));
			}
			send(producer, Topic.TENANTS_CONFIG.topicName(), tenant, config(tenant, EARLIER_VERSIONS + 1, channel));
			for (int index = 0; index < COMMANDS; index++) {
				SendMessageCommand command = new SendMessageCommand(tenant + "-" + index, channel, "100000000000001",
						"16505551234", "text", "waiting", null);
				send(producer, topic, tenant + ":" + channel, EventEnvelope.of(EventType.MESSAGE_SEND_REQUESTED_V1,
						SOURCE, tenant, command.messageId(), command));
			}
		}
		Expected expected = new Expected(tenant, channel, topic);
		KafkaSettings slowToCatchUp = plain
			.withProperty(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(4 * 1024))
			.withProperty(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, Integer.toString(1024 * 1024))
			.withProperty(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "400");
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(EventsKafkaAutoConfiguration.class, TenantsAutoConfiguration.class))
			.withPropertyValues("switchboard.kafka.create-topics=false")
			.withBean(KafkaSettings.class, () -> slowToCatchUp)
			.withBean(Expected.class, () -> expected)
			.withUserConfiguration(CommandConsumer.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				// Just started: the directory is still reading.
				Status directoryAtStart = health(context, "tenantDirectory");
				Status consumersAtStart = health(context, "eventConsumers");
				await().atMost(TIMEOUT).until(() -> expected.handled().get() == COMMANDS);
				assertThat(expected.withoutChannel()).as("commands handled before their channel was known").hasValue(0);
				assertThat(directoryAtStart).isEqualTo(Status.DOWN);
				assertThat(consumersAtStart).isEqualTo(Status.DOWN);
				assertThat(health(context, "tenantDirectory")).isEqualTo(Status.UP);
				assertThat(health(context, "eventConsumers")).isEqualTo(Status.UP);
			});
	}

	/** The named health indicator's status, null when there is none. */
	private static Status health(AssertableApplicationContext context, String name) {
		String bean = name + "HealthIndicator";
		return context.containsBean(bean) ? context.getBean(bean, HealthIndicator.class).health().getStatus() : null;
	}

	private static KafkaProducer<String, byte[]> producer() {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
				ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
	}

	private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, Object event) {
		try {
			producer.send(CloudEventCodec.encode(topic, key, (EventEnvelope<?>) event)).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What the consumer under test checks and counts: every command of the tenant
	 * handled, and those whose channel the directory did not know.
	 */
	record Expected(String tenant, String channel, String topic, AtomicInteger handled, AtomicInteger withoutChannel) {

		Expected(String tenant, String channel, String topic) {
			this(tenant, channel, topic, new AtomicInteger(), new AtomicInteger());
		}

	}

	/** The service's consumer: a send command needs its tenant's channel. */
	@Configuration(proxyBeanMethods = false)
	static class CommandConsumer {

		@Bean
		EventConsumer<SendMessageCommand> commandConsumer(KafkaSettings settings, TenantDirectory directory,
				Expected expected) {
			return EventConsumer
				.builder(settings, expected.topic(), "it-tenants-first-" + UUID.randomUUID(), SendMessageCommand.class)
				.createTopics(false)
				.handler((consumed) -> Mono.fromRunnable(() -> {
					if (directory.channel(consumed.event().tenantId(), consumed.event().data().channelId()).isEmpty()) {
						expected.withoutChannel().incrementAndGet();
					}
					expected.handled().incrementAndGet();
				}))
				.build();
		}

	}

	/** A configuration whose earlier versions are large: one fills a fetch. */
	private static EventEnvelope<TenantConfig> config(String tenant, long version, String channelId) {
		ChannelConfig channel = new ChannelConfig(channelId, ChannelConfig.META, "1" + version, "waba", null, List.of(),
				null, 80, null, null, true);
		String name = tenant + " " + "x".repeat(3 * 1024);
		return EventEnvelope.of(EventType.TENANT_CONFIG_V1, SOURCE, tenant, tenant, new TenantConfig(tenant, name,
				TenantConfig.ACTIVE, "standard", List.of(channel), List.of(), version, Instant.now()));
	}

}
