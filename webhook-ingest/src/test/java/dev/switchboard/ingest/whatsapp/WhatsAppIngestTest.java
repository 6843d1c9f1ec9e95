package dev.switchboard.ingest.whatsapp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.OutgoingEvent;
import dev.switchboard.events.wa.WaRawWebhook;
import dev.switchboard.events.wa.WaRejectedWebhook;
import dev.switchboard.events.wa.WaUnroutedChange;
import dev.switchboard.ingest.IngestProperties;
import dev.switchboard.ingest.channels.ChannelConfig;
import dev.switchboard.ingest.channels.ChannelDirectory;
import dev.switchboard.ingest.web.ProblemException;
import dev.switchboard.ingest.whatsapp.dedup.DedupClaim;
import dev.switchboard.ingest.whatsapp.dedup.Deduplicator;
import dev.switchboard.ingest.whatsapp.metrics.IngestMetrics;
import dev.switchboard.ingest.whatsapp.signature.SignatureVerifier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import org.springframework.http.HttpStatus;

import static dev.switchboard.ingest.whatsapp.WebhookFixtures.DEMO_PHONE_NUMBER_ID;
import static dev.switchboard.ingest.whatsapp.WebhookFixtures.DEMO_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;

class WhatsAppIngestTest {

	private static final ChannelConfig DEMO = new ChannelConfig("demo", "demo-meta", DEMO_PHONE_NUMBER_ID,
			"200000000000001", List.of(DEMO_SECRET), "demo-verify-token");

	private static final ChannelConfig ACME = new ChannelConfig("acme", "acme-meta", "100000000000009", null,
			List.of("acme-app-secret"), "acme-verify-token");

	private final EventPublisher publisher = mock(EventPublisher.class);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final Deduplicator deduplicator = mock(Deduplicator.class);

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
	void archivesTheRawBodyBeforePublishingWhatItDerivesWhenArchivingFirst() {
		given(this.publisher.publishAll(anyList())).willReturn(Mono.empty());
		IngestProperties properties = new IngestProperties(List.of(DEMO, ACME), null, Duration.ofSeconds(5), true);
		WhatsAppIngest archiveFirst = new WhatsAppIngest(new ChannelDirectory(properties), new SignatureVerifier(),
				this.publisher, this.deduplicator, new IngestMetrics(this.registry), properties);
		given(this.deduplicator.claim(anyList())).willAnswer((call) -> DedupClaim.unchecked(call.getArgument(0)));
		byte[] body = WebhookFixtures.statusBatch(DEMO_PHONE_NUMBER_ID, 1, 2);
		String signature = SignatureVerifier.sign(body, DEMO_SECRET);

		StepVerifier.create(archiveFirst.ingest(body, signature, "corr-raw")).verifyComplete();

		List<List<OutgoingEvent>> calls = publishCalls();
		assertThat(calls).hasSize(2);
		OutgoingEvent raw = calls.get(0).get(0);
		assertThat(calls.get(0)).hasSize(1);
		assertThat(raw.topic()).isEqualTo(Topic.WA_RAW);
		assertThat(raw.key()).isEqualTo(DEMO_PHONE_NUMBER_ID);
		assertThat(raw.event().tenantId()).isEqualTo("demo");
		WaRawWebhook archived = (WaRawWebhook) raw.event().data();
		assertThat(archived.body().getBytes(StandardCharsets.UTF_8)).isEqualTo(body);
		assertThat(archived.headers()).containsEntry("x-hub-signature-256", signature);
		assertThat(archived.phoneNumberIds()).containsExactly(DEMO_PHONE_NUMBER_ID);
		assertThat(calls.get(1)).hasSize(2).allSatisfy((event) -> assertThat(event.topic()).isEqualTo(Topic.WA_STATUS));
	}

	@Test
	void sendsTheArchiveRecordAndTheEventsInOneBatchByDefault() {
		given(this.publisher.publishAll(anyList())).willReturn(Mono.empty());
		byte[] body = WebhookFixtures.statusBatch(DEMO_PHONE_NUMBER_ID, 1, 2);

		StepVerifier.create(this.ingest.ingest(body, SignatureVerifier.sign(body, DEMO_SECRET), "c")).verifyComplete();

		List<List<OutgoingEvent>> calls = publishCalls();
		assertThat(calls).singleElement()
			.satisfies((batch) -> assertThat(batch).extracting(OutgoingEvent::topic)
				.containsExactly(Topic.WA_RAW, Topic.WA_STATUS, Topic.WA_STATUS));
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

		given(this.publisher.publishAll(anyList())).willReturn(Mono.empty());

		StepVerifier.create(this.ingest.ingest(body, SignatureVerifier.sign(body, DEMO_SECRET), "c")).verifyComplete();

		assertThat(publishedEvents()).singleElement()
			.satisfies((event) -> assertThat(event.topic()).isEqualTo(Topic.WA_UNROUTED));
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
	void checksTheSignatureOverTheRawBytesBeforeParsingAnything() {
		given(this.publisher.publishAll(anyList())).willReturn(Mono.empty());
		byte[] notJson = "{\"object\":\"whatsapp_business_account\",\"entry\": [ not json"
			.getBytes(StandardCharsets.UTF_8);

		StepVerifier.create(this.ingest.ingest(notJson, SignatureVerifier.sign(notJson, "guess"), "c"))
			.verifyErrorSatisfies((ex) -> assertProblem(ex, HttpStatus.UNAUTHORIZED, "INVALID_SIGNATURE"));
		StepVerifier.create(this.ingest.ingest(notJson, null, "c"))
			.verifyErrorSatisfies((ex) -> assertProblem(ex, HttpStatus.UNAUTHORIZED, "MISSING_SIGNATURE"));

		assertThat(count(IngestMetrics.PARSED)).isZero();
		assertThat(this.registry.find(IngestMetrics.REJECTED).tag("reason", "malformed_json").counter()).isNull();
		then(this.publisher).should(never()).publishAll(anyList());

		StepVerifier.create(this.ingest.ingest(notJson, SignatureVerifier.sign(notJson, DEMO_SECRET), "c"))
			.verifyComplete();
		assertThat(count(IngestMetrics.PARSED)).isEqualTo(1);
	}

	@Test
	void refusesABodyNamingTwoTenantsSignedWithTheSecretOfOne() {
		byte[] body = WebhookFixtures.envelope(
				WebhookFixtures.entry(DEMO_PHONE_NUMBER_ID, WebhookFixtures.status("wamid.DEMO", "sent", "16505551234"))
						+ "," + WebhookFixtures.entry(ACME.phoneNumberId(),
								WebhookFixtures.status("wamid.ACME", "sent", "16505551234")));

		StepVerifier.create(this.ingest.ingest(body, SignatureVerifier.sign(body, DEMO_SECRET), "c"))
			.verifyErrorSatisfies((ex) -> assertProblem(ex, HttpStatus.UNAUTHORIZED, "INVALID_SIGNATURE"));
		then(this.publisher).should(never()).publishAll(anyList());
		assertThat(this.registry.get(IngestMetrics.REJECTED).tag("reason", "signer_mismatch").counter().count())
			.isEqualTo(1);
	}

	@Test
	void checksAtMostMaxAppSecretsSecrets() {
		given(this.publisher.publishAll(anyList())).willReturn(Mono.empty());
		IngestProperties properties = new IngestProperties(List.of(DEMO, ACME), null, Duration.ofSeconds(5), null, null,
				1);
		WhatsAppIngest oneSecret = new WhatsAppIngest(new ChannelDirectory(properties), new SignatureVerifier(),
				this.publisher, this.deduplicator, new IngestMetrics(this.registry), properties);
		byte[] demo = WebhookFixtures.statusBatch(DEMO_PHONE_NUMBER_ID, 1, 1);
		byte[] acme = WebhookFixtures.statusBatch(ACME.phoneNumberId(), 1, 1);

		StepVerifier.create(oneSecret.ingest(demo, SignatureVerifier.sign(demo, DEMO_SECRET), "c")).verifyComplete();
		StepVerifier.create(oneSecret.ingest(acme, SignatureVerifier.sign(acme, "acme-app-secret"), "c"))
			.verifyErrorSatisfies((ex) -> assertProblem(ex, HttpStatus.UNAUTHORIZED, "INVALID_SIGNATURE"));
	}

	@Test
	void dropsASignedBodyThatDoesNotParseAndCountsIt() {
		given(this.publisher.publishAll(anyList())).willReturn(Mono.empty());
		byte[] body = "{\"object\":\"whatsapp_business_account\"".getBytes(StandardCharsets.UTF_8);

		StepVerifier.create(this.ingest.ingest(body, SignatureVerifier.sign(body, "acme-app-secret"), "c"))
			.verifyComplete();

		OutgoingEvent rejected = publishedEvents().get(0);
		assertThat(rejected.topic()).isEqualTo(Topic.WA_REJECTED);
		WaRejectedWebhook parked = (WaRejectedWebhook) rejected.event().data();
		assertThat(parked.code()).isEqualTo("MALFORMED_JSON");
		assertThat(parked.rawEventId()).isEqualTo(publishCalls().get(0).get(0).event().id());
		assertThat(this.registry.get(IngestMetrics.REJECTED).tag("reason", "malformed_json").counter().count())
			.isEqualTo(1);
	}

	@Test
	void countsStatusesOfAnUnknownNumberWithoutPublishingThem() {
		byte[] body = WebhookFixtures.statusBatch("100000000000777", 1, 3);

		given(this.publisher.publishAll(anyList())).willReturn(Mono.empty());

		StepVerifier.create(this.ingest.ingest(body, SignatureVerifier.sign(body, DEMO_SECRET), "c")).verifyComplete();

		List<OutgoingEvent> parked = publishedEvents();
		assertThat(parked).singleElement().satisfies((event) -> {
			assertThat(event.topic()).isEqualTo(Topic.WA_UNROUTED);
			assertThat(event.key()).isEqualTo("100000000000777");
			WaUnroutedChange change = (WaUnroutedChange) event.event().data();
			assertThat(change.phoneNumberId()).isEqualTo("100000000000777");
			assertThat(change.field()).isEqualTo("messages");
			assertThat(change.rawEventId()).isEqualTo(publishCalls().get(0).get(0).event().id());
			assertThat(change.signer()).isEqualTo(SignatureVerifier.fingerprint(DEMO_SECRET));
		});
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

	@Test
	void makesTheDedupClaimsFinalOnlyOnceKafkaAcknowledged() {
		Sinks.Empty<Void> acknowledged = Sinks.empty();
		given(this.publisher.publishAll(anyList())).willReturn(acknowledged.asMono());
		List<DedupClaim> claims = spyOnClaims();
		byte[] body = WebhookFixtures.statusBatch(DEMO_PHONE_NUMBER_ID, 1, 2);

		StepVerifier.create(this.ingest.ingest(body, SignatureVerifier.sign(body, DEMO_SECRET), "c"))
			.then(() -> then(claims.get(0)).should(never()).confirm(any()))
			.then(acknowledged::tryEmitEmpty)
			.verifyComplete();
		then(claims.get(0)).should().confirm(any());
		then(claims.get(0)).should(never()).release();
	}

	@Test
	void releasesTheDedupClaimsWhenKafkaFails() {
		given(this.publisher.publishAll(anyList())).willReturn(Mono.error(new IllegalStateException("broker down")));
		List<DedupClaim> claims = spyOnClaims();
		byte[] body = WebhookFixtures.statusBatch(DEMO_PHONE_NUMBER_ID, 1, 2);

		StepVerifier.create(this.ingest.ingest(body, SignatureVerifier.sign(body, DEMO_SECRET), "c"))
			.verifyErrorSatisfies((ex) -> assertProblem(ex, HttpStatus.SERVICE_UNAVAILABLE, "EVENT_STORE_UNAVAILABLE"));
		then(claims.get(0)).should().release();
		then(claims.get(0)).should(never()).confirm(any());
	}

	/** The claims the ingest takes, watched. */
	private List<DedupClaim> spyOnClaims() {
		List<DedupClaim> claims = new CopyOnWriteArrayList<>();
		given(this.deduplicator.claim(anyList())).willAnswer((call) -> {
			DedupClaim claim = spy(DedupClaim.unchecked(call.getArgument(0)));
			claims.add(claim);
			return claim;
		});
		return claims;
	}

	private WhatsAppIngest ingest(Duration publishTimeout) {
		IngestProperties properties = new IngestProperties(List.of(DEMO, ACME), null, publishTimeout);
		given(this.deduplicator.claim(anyList())).willAnswer((call) -> DedupClaim.unchecked(call.getArgument(0)));
		return new WhatsAppIngest(new ChannelDirectory(properties), new SignatureVerifier(), this.publisher,
				this.deduplicator, new IngestMetrics(this.registry), properties);
	}

	/** Every batch handed to the publisher, in order. */
	@SuppressWarnings("unchecked")
	private List<List<OutgoingEvent>> publishCalls() {
		ArgumentCaptor<List<OutgoingEvent>> captor = ArgumentCaptor.forClass(List.class);
		then(this.publisher).should(atLeastOnce()).publishAll(captor.capture());
		return captor.getAllValues();
	}

	/** What was published after the raw archive record. */
	private List<OutgoingEvent> publishedEvents() {
		return publishCalls().stream().flatMap(List::stream).filter((event) -> event.topic() != Topic.WA_RAW).toList();
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
