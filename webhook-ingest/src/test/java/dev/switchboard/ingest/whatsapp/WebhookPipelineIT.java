package dev.switchboard.ingest.whatsapp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import dev.switchboard.events.EventJson;
import dev.switchboard.events.Topic;
import dev.switchboard.events.wa.WaRawWebhook;
import dev.switchboard.events.wa.WaRejectedWebhook;
import dev.switchboard.events.wa.WaUnknownChange;
import dev.switchboard.events.wa.WaUnroutedChange;
import dev.switchboard.infra.SharedInfra;
import dev.switchboard.infra.SpringInfraProperties;
import dev.switchboard.ingest.TopicProbe;
import dev.switchboard.ingest.whatsapp.signature.SignatureVerifier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.switchboard.ingest.whatsapp.WebhookFixtures.DEMO_PHONE_NUMBER_ID;
import static dev.switchboard.ingest.whatsapp.WebhookFixtures.DEMO_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an accepted webhook leaves on Kafka besides its typed events: the raw archive
 * record first, parked unrouted changes, rejected parts; and repeats deduplicated in
 * Redis. The demo channel has two app secrets here (a second app, or a rotation).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "switchboard.ingest.dedup.timeout=3s")
@ActiveProfiles("local")
class WebhookPipelineIT {

	static final String SECOND_SECRET = "second-app-secret";

	private static final String PATH = "/webhooks/whatsapp";

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	private WebTestClient client;

	private TopicProbe raw;

	private TopicProbe statuses;

	@DynamicPropertySource
	static void infra(DynamicPropertyRegistry registry) {
		SpringInfraProperties.forService(SharedInfra.get(), "public")
			.forEach((name, value) -> registry.add(name, () -> value));
		demoChannelWithTwoSecrets(registry);
	}

	static void demoChannelWithTwoSecrets(DynamicPropertyRegistry registry) {
		String channel = "switchboard.ingest.channels[0].";
		registry.add(channel + "tenant-id", () -> "demo");
		registry.add(channel + "channel-id", () -> "demo-meta");
		registry.add(channel + "phone-number-id", () -> DEMO_PHONE_NUMBER_ID);
		registry.add(channel + "waba-id", () -> "200000000000001");
		registry.add(channel + "app-secrets[0]", () -> DEMO_SECRET);
		registry.add(channel + "app-secrets[1]", () -> SECOND_SECRET);
		registry.add(channel + "verify-token", () -> "demo-verify-token");
	}

	@BeforeEach
	void connect() {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
		String kafka = SharedInfra.get().kafka().bootstrapServers();
		this.raw = new TopicProbe(kafka, Topic.WA_RAW.topicName());
		this.statuses = new TopicProbe(kafka, Topic.WA_STATUS.topicName());
	}

	@AfterEach
	void disconnect() {
		this.raw.close();
		this.statuses.close();
	}

	@Test
	void archivesTheRawBodyBeforeTheEventsDerivedFromIt() {
		byte[] body = WebhookFixtures.recentStatusBatch(DEMO_PHONE_NUMBER_ID, "wamid.RAW-" + UUID.randomUUID(), 1, 3);
		String signature = SignatureVerifier.sign(body, DEMO_SECRET);
		Map<TopicPartition, Long> rawBefore = this.raw.endOffsets();
		Map<TopicPartition, Long> statusesBefore = this.statuses.endOffsets();

		post(body, signature).expectStatus().isOk();

		ConsumerRecord<String, byte[]> archived = this.raw.readFrom(rawBefore, 1).get(0);
		assertThat(header(archived, "ce_type")).isEqualTo("switchboard.wa.raw-webhook.v1");
		assertThat(header(archived, "ce_tenantid")).isEqualTo("demo");
		assertThat(archived.key()).isEqualTo(DEMO_PHONE_NUMBER_ID);
		WaRawWebhook webhook = EventJson.read(archived.value(), WaRawWebhook.class);
		assertThat(webhook.body().getBytes(StandardCharsets.UTF_8)).isEqualTo(body);
		assertThat(webhook.headers()).containsEntry("x-hub-signature-256", signature)
			.containsEntry("content-type", "application/json");
		List<ConsumerRecord<String, byte[]>> derived = this.statuses.readFrom(statusesBefore, 3);
		assertThat(derived).hasSize(3)
			.allSatisfy((status) -> assertThat(status.timestamp()).isGreaterThanOrEqualTo(archived.timestamp()));
	}

	@Test
	void publishesAnUpdateDeliveredByTwoAppsOnceAndArchivesBothDeliveries() {
		byte[] body = WebhookFixtures.recentStatusBatch(DEMO_PHONE_NUMBER_ID, "wamid.TWICE-" + UUID.randomUUID(), 1, 4);
		Map<TopicPartition, Long> rawBefore = this.raw.endOffsets();
		Map<TopicPartition, Long> statusesBefore = this.statuses.endOffsets();
		double duplicates = statusDuplicates();

		post(body, SignatureVerifier.sign(body, DEMO_SECRET)).expectStatus().isOk();
		// The second app's (or the rotated) secret is accepted as well.
		post(body, SignatureVerifier.sign(body, SECOND_SECRET)).expectStatus().isOk();

		assertThat(TopicProbe.total(this.statuses.endOffsets()) - TopicProbe.total(statusesBefore)).isEqualTo(4);
		assertThat(TopicProbe.total(this.raw.endOffsets()) - TopicProbe.total(rawBefore)).isEqualTo(2);
		assertThat(statusDuplicates() - duplicates).isEqualTo(4);
	}

	@Test
	void publishesUpdatesDeliveredByTwoAppsAtTheSameTimeOnce() throws Exception {
		String wamids = "wamid.AT-ONCE-" + UUID.randomUUID();
		List<byte[]> bodies = IntStream.range(0, 10)
			.mapToObj((i) -> WebhookFixtures.recentStatusBatch(DEMO_PHONE_NUMBER_ID, wamids + "-" + i, 1, 2))
			.toList();
		Map<TopicPartition, Long> statusesBefore = this.statuses.endOffsets();
		double duplicates = statusDuplicates();
		String unavailable = dedupUnavailable();

		// Both deliveries of a body race: the later one waits for the earlier one's
		// acknowledgement, then counts as a repeat.
		ExecutorService senders = Executors.newFixedThreadPool(bodies.size() * 2);
		try {
			List<Future<Integer>> answers = new ArrayList<>();
			for (byte[] body : bodies) {
				for (String secret : List.of(DEMO_SECRET, SECOND_SECRET)) {
					answers.add(senders
						.submit(() -> post(body, SignatureVerifier.sign(body, secret)).returnResult(String.class)
							.getStatus()
							.value()));
				}
			}
			for (Future<Integer> answer : answers) {
				assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo(200);
			}
		}
		finally {
			senders.shutdownNow();
		}

		long written = TopicProbe.total(this.statuses.endOffsets()) - TopicProbe.total(statusesBefore);
		assertThat(this.statuses.readFrom(statusesBefore, (int) written)
			.stream()
			.map((record) -> header(record, "ce_subject"))
			.filter((wamid) -> wamid.startsWith(wamids))).hasSize(20).doesNotHaveDuplicates();
		assertThat(statusDuplicates() - duplicates).isEqualTo(20);
		assertThat(dedupUnavailable()).isEqualTo(unavailable);
	}

	@Test
	void publishesEveryStatusOfA1000UpdateBatch() {
		byte[] body = WebhookFixtures.recentStatusBatch(DEMO_PHONE_NUMBER_ID, "wamid.K-" + UUID.randomUUID(), 10, 100);
		Map<TopicPartition, Long> statusesBefore = this.statuses.endOffsets();

		post(body, SignatureVerifier.sign(body, DEMO_SECRET)).expectStatus().isOk();

		assertThat(TopicProbe.total(this.statuses.endOffsets()) - TopicProbe.total(statusesBefore)).isEqualTo(1000);
	}

	@Test
	void parksChangesOfAnUnknownPhoneNumberForReDrive() {
		String unknown = "100000000000" + (100 + (System.nanoTime() % 899));
		byte[] body = WebhookFixtures.statusBatch(unknown, 1, 2);
		Map<TopicPartition, Long> rawBefore = this.raw.endOffsets();
		try (TopicProbe unrouted = new TopicProbe(SharedInfra.get().kafka().bootstrapServers(),
				Topic.WA_UNROUTED.topicName())) {
			Map<TopicPartition, Long> before = unrouted.endOffsets();

			post(body, SignatureVerifier.sign(body, DEMO_SECRET)).expectStatus().isOk();

			ConsumerRecord<String, byte[]> parked = unrouted.readFrom(before, 1).get(0);
			assertThat(parked.key()).isEqualTo(unknown);
			assertThat(header(parked, "ce_type")).isEqualTo("switchboard.wa.unrouted-change.v1");
			WaUnroutedChange change = EventJson.read(parked.value(), WaUnroutedChange.class);
			assertThat(change.phoneNumberId()).isEqualTo(unknown);
			assertThat(change.field()).isEqualTo("messages");
			assertThat(change.value()).contains("wamid.BATCH-0-1");
			assertThat(change.rawEventId()).isEqualTo(header(this.raw.readFrom(rawBefore, 1).get(0), "ce_id"));
		}
		assertThat(metrics()).containsPattern("switchboard_ingest_unrouted_total\\{[^}]*kind=\"status\"");
	}

	@Test
	void parksSignedBodiesThatDoNotParseAndItemsLackingRequiredParts() {
		byte[] garbage = "{\"object\":\"whatsapp_business_account\",\"entry\":[".getBytes(StandardCharsets.UTF_8);
		String incomplete = WebhookFixtures.entry(DEMO_PHONE_NUMBER_ID,
				"{\"id\":\"wamid.NO-TIME\",\"status\":\"read\",\"recipient_id\":\"16505551234\"}");
		byte[] partial = WebhookFixtures.envelope(incomplete);
		try (TopicProbe rejected = new TopicProbe(SharedInfra.get().kafka().bootstrapServers(),
				Topic.WA_REJECTED.topicName())) {
			Map<TopicPartition, Long> before = rejected.endOffsets();

			post(garbage, SignatureVerifier.sign(garbage, DEMO_SECRET)).expectStatus().isOk();
			post(partial, SignatureVerifier.sign(partial, DEMO_SECRET)).expectStatus().isOk();

			List<WaRejectedWebhook> parked = rejected.readFrom(before, 2)
				.stream()
				.map((record) -> EventJson.read(record.value(), WaRejectedWebhook.class))
				.toList();
			assertThat(parked).extracting(WaRejectedWebhook::code)
				.containsExactlyInAnyOrder("MALFORMED_JSON", "MISSING_REQUIRED_FIELD");
			assertThat(parked).allSatisfy((webhook) -> assertThat(webhook.rawEventId()).isNotBlank());
		}
		assertThat(metrics()).containsPattern("switchboard_ingest_rejected_total\\{reason=\"missing_required_field\"");
	}

	@Test
	void forwardsAnUnknownFieldRaw() {
		byte[] body = WebhookFixtures.envelope("""
				{"id":"200000000000001","time":1750030600,"changes":[{"field":"future_field_%s",\
				"value":{"something":"new"}}]}""".formatted(System.nanoTime()));
		try (TopicProbe account = new TopicProbe(SharedInfra.get().kafka().bootstrapServers(),
				Topic.WA_ACCOUNT.topicName())) {
			Map<TopicPartition, Long> before = account.endOffsets();

			post(body, SignatureVerifier.sign(body, DEMO_SECRET)).expectStatus().isOk();

			ConsumerRecord<String, byte[]> record = account.readFrom(before, 1).get(0);
			assertThat(header(record, "ce_type")).isEqualTo("switchboard.wa.unknown-change.v1");
			assertThat(EventJson.read(record.value(), WaUnknownChange.class).value()).contains("\"something\"");
		}
	}

	private WebTestClient.ResponseSpec post(byte[] body, String signature) {
		return this.client.post()
			.uri(PATH)
			.contentType(MediaType.APPLICATION_JSON)
			.header(SignatureVerifier.HEADER, signature)
			.bodyValue(body)
			.exchange();
	}

	private String metrics() {
		return this.client.get()
			.uri("http://localhost:" + this.managementPort + "/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	private double statusDuplicates() {
		Matcher matcher = Pattern.compile(
				"switchboard_ingest_duplicates_total\\{channel=\"demo-meta\",kind=\"status\",source=\"whatsapp\"} (\\S+)")
			.matcher(metrics());
		return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
	}

	private String dedupUnavailable() {
		Matcher matcher = Pattern.compile("switchboard_ingest_dedup_unavailable_total\\{[^}]*} (\\S+)")
			.matcher(metrics());
		return matcher.find() ? matcher.group(1) : "0";
	}

	static String header(ConsumerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
