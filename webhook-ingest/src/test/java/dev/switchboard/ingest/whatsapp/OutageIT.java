package dev.switchboard.ingest.whatsapp;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import dev.switchboard.events.Topic;
import dev.switchboard.infra.SharedInfra;
import dev.switchboard.infra.SpringInfraProperties;
import dev.switchboard.ingest.TopicProbe;
import dev.switchboard.ingest.channels.ChannelDirectory;
import dev.switchboard.ingest.whatsapp.dedup.Deduplicator;
import dev.switchboard.ingest.whatsapp.derivation.Derivation;
import dev.switchboard.ingest.whatsapp.derivation.DerivedEvents;
import dev.switchboard.ingest.whatsapp.parsing.WebhookParser;
import dev.switchboard.ingest.whatsapp.signature.SignatureVerifier;
import dev.switchboard.ingest.whatsapp.signature.Signer;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.switchboard.ingest.whatsapp.WebhookFixtures.DEMO_PHONE_NUMBER_ID;
import static dev.switchboard.ingest.whatsapp.WebhookFixtures.DEMO_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis or Kafka going away and coming back: without Redis webhooks are still accepted
 * and published (counted), and deduplication resumes by itself; without Kafka they are
 * answered 503, and the provider's retry after Kafka is back is published, not taken for
 * a repeat, even when Redis refused to drop the failed delivery's claims or the delivery
 * died before it could.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "switchboard.kafka.delivery-timeout=4s", "switchboard.ingest.publish-timeout=3s",
				"switchboard.ingest.dedup.timeout=1s" })
@ActiveProfiles("local")
class OutageIT {

	private static final String REFUSING_PASSWORD = "outage-it-refuses-the-service";

	@LocalServerPort
	private int port;

	@Autowired
	private Deduplicator deduplicator;

	@Autowired
	private ChannelDirectory channels;

	@Autowired
	private ReactiveStringRedisTemplate serviceRedis;

	@LocalManagementPort
	private int managementPort;

	private WebTestClient client;

	private TopicProbe statuses;

	@DynamicPropertySource
	static void infra(DynamicPropertyRegistry registry) {
		SpringInfraProperties.forService(SharedInfra.get(), "public")
			.forEach((name, value) -> registry.add(name, () -> value));
	}

	private RedisClient redisClient;

	private RedisCommands<String, String> redis;

	@BeforeEach
	void connect() {
		this.redisClient = RedisClient.create(SharedInfra.get().redis().url());
		this.redis = this.redisClient.connect().sync();
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
		this.statuses = new TopicProbe(SharedInfra.get().kafka().bootstrapServers(), Topic.WA_STATUS.topicName());
	}

	@AfterEach
	void disconnect() {
		this.statuses.close();
		this.redisClient.shutdown();
	}

	@Test
	void keepsAcceptingWithoutRedisAndDeduplicatesAgainOnceItIsBack() {
		byte[] body = WebhookFixtures.recentStatusBatch(DEMO_PHONE_NUMBER_ID, "wamid.NOREDIS-" + UUID.randomUUID(), 1,
				2);
		Map<TopicPartition, Long> before = this.statuses.endOffsets();
		SharedInfra.get().redis().stop();
		try {
			post(body).expectStatus().isOk();
			assertThat(TopicProbe.total(this.statuses.endOffsets()) - TopicProbe.total(before)).isEqualTo(2);
			assertThat(metrics()).containsPattern("switchboard_ingest_dedup_unavailable_total\\{[^}]*} [1-9]");
		}
		finally {
			SharedInfra.get().redis().start();
		}
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			byte[] again = WebhookFixtures.recentStatusBatch(DEMO_PHONE_NUMBER_ID, "wamid.REDIS-" + UUID.randomUUID(),
					1, 2);
			Map<TopicPartition, Long> start = this.statuses.endOffsets();
			post(again).expectStatus().isOk();
			post(again).expectStatus().isOk();
			assertThat(TopicProbe.total(this.statuses.endOffsets()) - TopicProbe.total(start)).isEqualTo(2);
		});
	}

	@Test
	void answers503WithoutKafkaAndPublishesTheRetryOnceKafkaIsBack() {
		byte[] body = WebhookFixtures.recentStatusBatch(DEMO_PHONE_NUMBER_ID, "wamid.NOKAFKA-" + UUID.randomUUID(), 1,
				3);
		Map<TopicPartition, Long> before = this.statuses.endOffsets();
		SharedInfra.get().kafka().stop();
		try {
			post(body).expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.valueEquals("Retry-After", "5")
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("EVENT_STORE_UNAVAILABLE");
		}
		finally {
			SharedInfra.get().kafka().start();
		}
		await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> post(body).expectStatus().isOk());
		// A retry answered 503 may still have been written late: the same ids, which
		// consumers
		// drop. What counts is that every status is there, once per id.
		long written = TopicProbe.total(this.statuses.endOffsets()) - TopicProbe.total(before);
		assertThat(written).isGreaterThanOrEqualTo(3);
		assertThat(this.statuses.readFrom(before, (int) written)
			.stream()
			.map((record) -> WebhookPipelineIT.header(record, "ce_id"))
			.distinct()).hasSize(3);
	}

	@Test
	void publishesTheRetryOnceWhenKafkaFailedAndRedisRefusedToDropTheClaims() {
		String wamids = "wamid.NORELEASE-" + UUID.randomUUID();
		byte[] body = WebhookFixtures.recentStatusBatch(DEMO_PHONE_NUMBER_ID, wamids, 1, 3);
		Map<TopicPartition, Long> before = this.statuses.endOffsets();
		Set<String> claimsBefore = claimKeys();
		SharedInfra.get().kafka().stop();
		try {
			CompletableFuture<Integer> first = postInBackground(body);
			// Redis keeps its data but refuses the service the moment the claims are
			// taken: the failed delivery cannot drop them.
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> !claimsBefore.containsAll(claimKeys()));
			refuseRedis();
			assertThat(first).succeedsWithin(Duration.ofSeconds(30)).isEqualTo(503);
		}
		finally {
			allowRedis();
			SharedInfra.get().kafka().start();
		}
		// The service's own Redis connection back first: a retry published without dedup
		// (allowed, counted) could not make its claims final.
		await().atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.until(() -> this.serviceRedis.hasKey("wa:probe").block(Duration.ofSeconds(2)) != null);
		double accepted = count("accepted");
		double duplicates = count("duplicates");

		// Meta retries until it gets a 200.
		await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> post(body).expectStatus().isOk());

		// Published by the retry that got the 200, not taken for a repeat. (An attempt
		// answered 503 while Kafka was coming back may have been written too: the same
		// ids, which consumers drop.)
		assertThat(count("accepted") - accepted).isEqualTo(3);
		assertThat(count("duplicates") - duplicates).isZero();
		assertThat(wamidsWritten(before, 3)).containsOnly(wamids + "-0-0", wamids + "-0-1", wamids + "-0-2");
		// Once published, a further retry is a repeat again. (Counted, not read off the
		// topic: a producer retry of an attempt answered 503 may still land late.)
		post(body).expectStatus().isOk();
		assertThat(count("accepted") - accepted).isEqualTo(3);
		assertThat(count("duplicates") - duplicates).isEqualTo(3);
	}

	@Test
	void publishesTheRetryOfAnUpdateWhoseFirstDeliveryDiedBeforeKafkaAcknowledgedIt() {
		String wamids = "wamid.DIED-" + UUID.randomUUID();
		byte[] body = WebhookFixtures.recentStatusBatch(DEMO_PHONE_NUMBER_ID, wamids, 1, 2);
		Map<TopicPartition, Long> before = this.statuses.endOffsets();
		// A delivery that claimed the updates, then died (its instance killed) before
		// Kafka acknowledged them: neither confirmed nor released.
		DerivedEvents derived = Derivation.derive(WebhookParser.parse(body), this.channels, Signer.of(DEMO_SECRET),
				"raw-of-the-dead-delivery", Instant.now(), "died");
		// (Tried again should the service's first Redis command outlast the dedup
		// timeout.)
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(
					this.deduplicator.claim(derived.routed()).outcome().block(Duration.ofSeconds(10)).claimed())
				.hasSize(2));
		double accepted = count("accepted");

		// Meta's retry meets the dead delivery's pending claims: waiting for them
		// outlasts
		// its publish timeout, so it is answered 503 (never a 200 for a repeat), and a
		// later retry, once they expired, is published.
		post(body).expectStatus().isEqualTo(503);
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> post(body).expectStatus().isOk());

		assertThat(count("accepted") - accepted).isEqualTo(2);
		assertThat(wamidsWritten(before, 2)).containsOnly(wamids + "-0-0", wamids + "-0-1");
	}

	/**
	 * The wamids of the status records written since {@code offsets}, at least
	 * {@code expected}.
	 */
	private List<String> wamidsWritten(Map<TopicPartition, Long> offsets, int expected) {
		long written = TopicProbe.total(this.statuses.endOffsets()) - TopicProbe.total(offsets);
		assertThat(written).isGreaterThanOrEqualTo(expected);
		return this.statuses.readFrom(offsets, (int) written)
			.stream()
			.map((record) -> WebhookPipelineIT.header(record, "ce_subject"))
			.toList();
	}

	/** Keys of dedup claims, pending and final. */
	private Set<String> claimKeys() {
		return new HashSet<>(this.redis.keys("wa:dd*"));
	}

	/**
	 * Redis stays up with its data, but asks for a password the service does not have and
	 * drops its connections: every command of the service fails until
	 * {@link #allowRedis}.
	 */
	private void refuseRedis() {
		this.redis.configSet("requirepass", REFUSING_PASSWORD);
		this.redis.clientKill(KillArgs.Builder.typeNormal().skipme());
	}

	private void allowRedis() {
		this.redis.configSet("requirepass", "");
	}

	private CompletableFuture<Integer> postInBackground(byte[] body) {
		return CompletableFuture.supplyAsync(() -> post(body).returnResult(String.class).getStatus().value());
	}

	private double count(String counter) {
		return Pattern.compile("switchboard_ingest_" + counter + "_total\\{[^}]*kind=\"status\"[^}]*} ([0-9.E]+)")
			.matcher(metrics())
			.results()
			.mapToDouble((match) -> Double.parseDouble(match.group(1)))
			.sum();
	}

	private WebTestClient.ResponseSpec post(byte[] body) {
		return this.client.post()
			.uri("/webhooks/whatsapp")
			.contentType(MediaType.APPLICATION_JSON)
			.header(SignatureVerifier.HEADER, SignatureVerifier.sign(body, DEMO_SECRET))
			.bodyValue(body)
			.exchange();
	}

	private String metrics() {
		return this.client.get()
			.uri("http://localhost:" + this.managementPort + "/actuator/prometheus")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

}
