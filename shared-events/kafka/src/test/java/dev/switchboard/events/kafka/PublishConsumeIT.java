package dev.switchboard.events.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.Topic;
import dev.switchboard.events.messaging.SendMessageCommand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PublishConsumeIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static EventPublisher publisher;

	@BeforeAll
	static void start() {
		TopicAdmin.ensureTopics(EmbeddedKafka.settings(), Topic.MESSAGING_COMMANDS, Topic.WA_RAW).block(TIMEOUT);
		publisher = new EventPublisher(EmbeddedKafka.settings());
	}

	@AfterAll
	static void stop() {
		publisher.close();
	}

	@Test
	void eventTravelsWithAllCloudEventsAttributes() {
		String tenant = "t-" + UUID.randomUUID();
		EventEnvelope<SendMessageCommand> event = TestEvents.command(tenant, "demo-meta", 1)
			.withCorrelationId("corr-" + tenant)
			.withTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
		String key = tenant + ":demo-meta";
		publisher.publish(event, key).block(TIMEOUT);

		ConsumerRecord<String, byte[]> raw = RawRecords
			.read(Topic.MESSAGING_COMMANDS.topicName(), 1, (record) -> key.equals(record.key()))
			.get(0);
		assertThat(RawRecords.header(raw, "ce_id")).isEqualTo(event.id());
		assertThat(RawRecords.header(raw, "ce_specversion")).isEqualTo("1.0");
		assertThat(RawRecords.header(raw, "ce_type")).isEqualTo("switchboard.messaging.send-requested.v1");
		assertThat(RawRecords.header(raw, "ce_source")).isEqualTo("urn:switchboard:test");
		assertThat(RawRecords.header(raw, "ce_subject")).isEqualTo("demo-meta-1");
		assertThat(Instant.parse(RawRecords.header(raw, "ce_time"))).isEqualTo(event.time());
		assertThat(RawRecords.header(raw, "content-type")).isEqualTo("application/json");
		assertThat(RawRecords.header(raw, "ce_tenantid")).isEqualTo(tenant);
		assertThat(RawRecords.header(raw, "ce_correlationid")).isEqualTo("corr-" + tenant);
		assertThat(RawRecords.header(raw, "traceparent")).isEqualTo(event.traceparent());
		assertThat(raw.value()).isEqualTo(EventJson.write(event.data()));

		List<ConsumedEvent<SendMessageCommand>> consumed = new CopyOnWriteArrayList<>();
		try (EventSubscription subscription = EventConsumer
			.builder(EmbeddedKafka.settings(), Topic.MESSAGING_COMMANDS, "it-roundtrip", SendMessageCommand.class)
			.handler((received) -> Mono.fromRunnable(() -> {
				if (tenant.equals(received.event().tenantId())) {
					consumed.add(received);
				}
			}))
			.start()) {
			await().atMost(TIMEOUT).until(() -> !consumed.isEmpty());
			ConsumedEvent<SendMessageCommand> received = consumed.get(0);
			assertThat(received.event()).isEqualTo(event);
			assertThat(received.key()).isEqualTo(key);
			assertThat(received.topic()).isEqualTo("messaging.commands.v1");
			assertThat(received.partition()).isEqualTo(raw.partition());
			assertThat(received.offset()).isEqualTo(raw.offset());
		}
	}

	@Test
	void batchCompletesWhenEveryEventIsAcknowledged() {
		String tenant = "t-" + UUID.randomUUID();
		List<OutgoingEvent> batch = IntStream.range(0, 50)
			.mapToObj((i) -> OutgoingEvent.of(TestEvents.command(tenant, "c" + (i % 5), i), tenant + ":c" + (i % 5)))
			.toList();
		long before = EmbeddedKafka.endOffsets(Topic.MESSAGING_COMMANDS.topicName(), 6);
		publisher.publishAll(batch).block(TIMEOUT);
		// Acknowledged means readable: no waiting needed.
		assertThat(EmbeddedKafka.endOffsets(Topic.MESSAGING_COMMANDS.topicName(), 6))
			.isGreaterThanOrEqualTo(before + 50);
	}

	@Test
	void rawRecordsKeepTheirBytesAndHeaders() {
		String key = "raw-" + UUID.randomUUID();
		byte[] body = "{\"object\":\"whatsapp_business_account\",\"entry\":[]}".getBytes(StandardCharsets.UTF_8);
		publisher
			.publishRaw(Topic.WA_RAW, key, body,
					Map.of("content-type", "application/json", "x-hub-signature-256", "sha256=abc"))
			.block(TIMEOUT);
		ConsumerRecord<String, byte[]> raw = RawRecords
			.read(Topic.WA_RAW.topicName(), 1, (record) -> key.equals(record.key()))
			.get(0);
		assertThat(raw.value()).isEqualTo(body);
		assertThat(RawRecords.header(raw, "x-hub-signature-256")).isEqualTo("sha256=abc");
		assertThat(RawRecords.header(raw, "content-type")).isEqualTo("application/json");
	}

}
