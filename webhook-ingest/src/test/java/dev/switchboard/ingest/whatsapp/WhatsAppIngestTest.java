package dev.switchboard.ingest.whatsapp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.OutgoingEvent;
import dev.switchboard.ingest.IngestProperties;
import dev.switchboard.ingest.channels.ChannelConfig;
import dev.switchboard.ingest.channels.ChannelDirectory;
import dev.switchboard.ingest.web.ProblemException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.http.HttpStatus;

import static dev.switchboard.ingest.whatsapp.WebhookFixtures.DEMO_PHONE_NUMBER_ID;
import static dev.switchboard.ingest.whatsapp.WebhookFixtures.DEMO_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

class WhatsAppIngestTest {

	private static final ChannelConfig DEMO = new ChannelConfig("demo", "demo-meta", DEMO_PHONE_NUMBER_ID,
			"200000000000001", List.of(DEMO_SECRET), "demo-verify-token");

	private static final ChannelConfig ACME = new ChannelConfig("acme", "acme-meta", "100000000000009", null,
			List.of("acme-app-secret"), "acme-verify-token");

	private final EventPublisher publisher = mock(EventPublisher.class);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final WhatsAppIngest ingest = ingest(Duration.ofSeconds(5));

	@Test
	void publishesOneEventPerStatusOfEveryEntry() {
		given(this.publisher.publishAll(anyList())).willReturn(Mono.empty());
		byte[] body = WebhookFixtures.statusBatch(DEMO_PHONE_NUMBER_ID, 3, 4);

		StepVerifier.create(this.ingest.ingest(body, SignatureVerifier.sign(body, DEMO_SECRET), "corr-1"))
			.verifyComplete();

		List<OutgoingEvent> events = publishedEvents();
		assertThat(events).hasSize(12);
		assertThat(events).allSatisfy((event) -> {
			assertThat(event.event().tenantId()).isEqualTo("demo");
			assertThat(event.event().correlationId()).isEqualTo("corr-1");
			assertThat(event.key()).startsWith("demo:1650555");
		});
		assertThat(events).extracting((event) -> event.event().subject())
			.containsSubsequence("wamid.BATCH-0-0", "wamid.BATCH-1-0", "wamid.BATCH-2-3");
		assertThat(count(IngestMetrics.ACCEPTED)).isEqualTo(12);
	}

	@Test
	void publishesTemplateAccountAndUnknownChangesToTheTenantOfTheirWaba() {
		given(this.publisher.publishAll(anyList())).willReturn(Mono.empty());
		byte[] body = WebhookFixtures.fixture("account-changes.json");

		StepVerifier.create(this.ingest.ingest(body, SignatureVerifier.sign(body, DEMO_SECRET), "corr-2"))
			.verifyComplete();

		List<OutgoingEvent> events = publishedEvents();
		assertThat(events).hasSize(7).allSatisfy((event) -> {
			assertThat(event.event().tenantId()).isEqualTo("demo");
			assertThat(event.event().correlationId()).isEqualTo("corr-2");
		});
		assertThat(events).extracting(OutgoingEvent::topic)
			.containsExactly(Topic.WA_TEMPLATE, Topic.WA_TEMPLATE, Topic.WA_TEMPLATE, Topic.WA_ACCOUNT,
					Topic.WA_ACCOUNT, Topic.WA_ACCOUNT, Topic.WA_ACCOUNT);
		assertThat(events.get(0).key()).isEqualTo("demo:1689556908129832");
		assertThat(events.get(3).key()).isEqualTo("demo:200000000000001");
		assertThat(this.registry.get(IngestMetrics.ACCEPTED).tag("kind", "template_status").counter().count())
			.isEqualTo(2);
		assertThat(this.registry.get(IngestMetrics.ACCEPTED).tag("kind", "unknown_change").counter().count())
			.isEqualTo(2);
	}

	@Test
	void refusesAccountChangesSignedWithAnotherTenantsSecret() {
		byte[] body = WebhookFixtures.fixture("account-changes.json");

		StepVerifier.create(this.ingest.ingest(body, SignatureVerifier.sign(body, "acme-app-secret"), "c"))
			.verifyErrorSatisfies((ex) -> assertProblem(ex, HttpStatus.UNAUTHORIZED, "INVALID_SIGNATURE"));
		then(this.publisher).should(never()).publishAll(anyList());
	}

	@Test
	void countsChangesOfAnUnknownWabaAsUnrouted() {
		byte[] body = ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"299999999999999\","
				+ "\"time\":1750030600,\"changes\":[{\"field\":\"message_template_quality_update\",\"value\":"
				+ "{\"new_quality_score\":\"RED\",\"message_template_id\":1}}]}]}")
			.getBytes(StandardCharsets.UTF_8);

		StepVerifier.create(this.ingest.ingest(body, SignatureVerifier.sign(body, DEMO_SECRET), "c")).verifyComplete();

		then(this.publisher).should(never()).publishAll(anyList());
		assertThat(this.registry.get(IngestMetrics.UNROUTED).tag("kind", "template_quality").counter().count())
			.isEqualTo(1);
	}

	@Test
	void refusesAMissingOrWrongSignatureWithoutPublishing() {
		byte[] body = WebhookFixtures.statusBatch(DEMO_PHONE_NUMBER_ID, 1, 1);

		StepVerifier.create(this.ingest.ingest(body, null, "c"))
			.verifyErrorSatisfies((ex) -> assertProblem(ex, HttpStatus.UNAUTHORIZED, "MISSING_SIGNATURE"));
		StepVerifier.create(this.ingest.ingest(body, SignatureVerifier.sign(body, "guess"), "c"))
			.verifyErrorSatisfies((ex) -> assertProblem(ex, HttpStatus.UNAUTHORIZED, "INVALID_SIGNATURE"));
		then(this.publisher).should(never()).publishAll(anyList());
		assertThat(count(IngestMetrics.REJECTED)).isEqualTo(2);
	}

	@Test
	void refusesABodyOfOneTenantSignedWithAnotherTenantsSecret() {
		byte[] body = WebhookFixtures.statusBatch(DEMO_PHONE_NUMBER_ID, 1, 1);

		StepVerifier.create(this.ingest.ingest(body, SignatureVerifier.sign(body, "acme-app-secret"), "c"))
			.verifyErrorSatisfies((ex) -> assertProblem(ex, HttpStatus.UNAUTHORIZED, "INVALID_SIGNATURE"));
		then(this.publisher).should(never()).publishAll(anyList());
	}

	@Test
	void dropsASignedBodyThatDoesNotParseAndCountsIt() {
		byte[] body = "{\"object\":\"whatsapp_business_account\"".getBytes(StandardCharsets.UTF_8);

		StepVerifier.create(this.ingest.ingest(body, SignatureVerifier.sign(body, "acme-app-secret"), "c"))
			.verifyComplete();

		then(this.publisher).should(never()).publishAll(anyList());
		assertThat(this.registry.get(IngestMetrics.REJECTED).tag("reason", "malformed").counter().count()).isEqualTo(1);
	}

	@Test
	void countsStatusesOfAnUnknownNumberWithoutPublishingThem() {
		byte[] body = WebhookFixtures.statusBatch("100000000000777", 1, 3);

		StepVerifier.create(this.ingest.ingest(body, SignatureVerifier.sign(body, DEMO_SECRET), "c")).verifyComplete();

		then(this.publisher).should(never()).publishAll(anyList());
		assertThat(count(IngestMetrics.UNROUTED)).isEqualTo(3);
	}

	@Test
	void answersEventStoreUnavailableWhenKafkaFails() {
		given(this.publisher.publishAll(anyList())).willReturn(Mono.error(new IllegalStateException("broker down")));
		byte[] body = WebhookFixtures.statusBatch(DEMO_PHONE_NUMBER_ID, 1, 2);

		StepVerifier.create(this.ingest.ingest(body, SignatureVerifier.sign(body, DEMO_SECRET), "c"))
			.verifyErrorSatisfies((ex) -> {
				assertProblem(ex, HttpStatus.SERVICE_UNAVAILABLE, "EVENT_STORE_UNAVAILABLE");
				assertThat(((ProblemException) ex).retryAfter()).isEqualTo(Duration.ofSeconds(5));
			});
		assertThat(this.registry.find(IngestMetrics.ACCEPTED).counter()).isNull();
	}

	@Test
	void answersEventStoreUnavailableWhenKafkaDoesNotAcknowledgeInTime() {
		WhatsAppIngest impatient = ingest(Duration.ofMillis(200));
		given(this.publisher.publishAll(anyList())).willReturn(Mono.never());
		byte[] body = WebhookFixtures.statusBatch(DEMO_PHONE_NUMBER_ID, 1, 1);

		StepVerifier.create(impatient.ingest(body, SignatureVerifier.sign(body, DEMO_SECRET), "c"))
			.expectErrorSatisfies((ex) -> assertProblem(ex, HttpStatus.SERVICE_UNAVAILABLE, "EVENT_STORE_UNAVAILABLE"))
			.verify(Duration.ofSeconds(5));
	}

	private WhatsAppIngest ingest(Duration publishTimeout) {
		IngestProperties properties = new IngestProperties(List.of(DEMO, ACME), null, publishTimeout);
		return new WhatsAppIngest(new ChannelDirectory(properties), new SignatureVerifier(), this.publisher,
				new IngestMetrics(this.registry), properties);
	}

	@SuppressWarnings("unchecked")
	private List<OutgoingEvent> publishedEvents() {
		ArgumentCaptor<List<OutgoingEvent>> captor = ArgumentCaptor.forClass(List.class);
		then(this.publisher).should().publishAll(captor.capture());
		return captor.getValue();
	}

	private double count(String name) {
		return this.registry.find(name).counters().stream().mapToDouble((counter) -> counter.count()).sum();
	}

	private static void assertProblem(Throwable ex, HttpStatus status, String code) {
		assertThat(ex).isInstanceOfSatisfying(ProblemException.class, (problem) -> {
			assertThat(problem.status()).isEqualTo(status);
			assertThat(problem.code()).isEqualTo(code);
		});
	}

}
