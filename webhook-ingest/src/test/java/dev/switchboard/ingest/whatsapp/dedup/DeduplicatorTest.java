package dev.switchboard.ingest.whatsapp.dedup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import dev.switchboard.ingest.IngestProperties;
import dev.switchboard.ingest.channels.ChannelConfig;
import dev.switchboard.ingest.channels.ChannelDirectory;
import dev.switchboard.ingest.whatsapp.WebhookFixtures;
import dev.switchboard.ingest.whatsapp.derivation.Derivation;
import dev.switchboard.ingest.whatsapp.derivation.DerivedEvents.RoutedEvent;
import dev.switchboard.ingest.whatsapp.metrics.IngestMetrics;
import dev.switchboard.ingest.whatsapp.parsing.WebhookParser;
import dev.switchboard.ingest.whatsapp.signature.Signer;
import dev.switchboard.redis.SharedRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentMatcher;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import static dev.switchboard.ingest.whatsapp.WebhookFixtures.DEMO_PHONE_NUMBER_ID;
import static dev.switchboard.ingest.whatsapp.WebhookFixtures.DEMO_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;

/**
 * How a webhook's claims are decided from the store's answers (the scripts themselves run
 * against a real Redis in {@code OutageIT} and {@code WebhookPipelineIT}): a claim
 * pending for another delivery is asked again until that delivery is acknowledged or
 * fails.
 */
class DeduplicatorTest {

	private static final ChannelConfig DEMO = new ChannelConfig("demo", "demo-meta", DEMO_PHONE_NUMBER_ID,
			"200000000000001", List.of(DEMO_SECRET), "demo-verify-token");

	private final ReactiveStringRedisTemplate redis = mock(ReactiveStringRedisTemplate.class);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final Deduplicator deduplicator = new Deduplicator(this.redis, new SharedRedisConnection(this.redis),
			new IngestMetrics(this.registry), new DedupProperties(null, null, Duration.ofSeconds(1), null, null),
			new IngestProperties(List.of(DEMO), null, Duration.ofSeconds(3)));

	@Test
	void takesAnEventPendingForAnotherDeliveryAsARepeatOnceThatOneIsAcknowledged() {
		answerClaims(List.of(1L, 2L), List.of(0L));
		DedupClaim claim = this.deduplicator.claim(events(2));

		StepVerifier.create(claim.outcome()).assertNext((outcome) -> {
			assertThat(outcome.fresh()).containsExactly(claim.events().get(0));
			assertThat(outcome.repeats()).containsExactly(claim.events().get(1));
			assertThat(outcome.claimed()).extracting(Deduplicator.Slot::event).containsExactly(claim.events().get(0));
		}).verifyComplete();
		then(this.redis).should(times(2)).execute(claimScript(), anyList(), anyList());
	}

	@Test
	void publishesAnEventWhosePendingClaimWasDroppedByItsFailedDelivery() {
		answerClaims(List.of(2L), List.of(2L), List.of(1L));
		DedupClaim claim = this.deduplicator.claim(events(1));

		StepVerifier.create(claim.outcome()).assertNext((outcome) -> {
			assertThat(outcome.fresh()).containsExactlyElementsOf(claim.events());
			assertThat(outcome.claimed()).hasSize(1);
		}).verifyComplete();
	}

	@Test
	void publishesWithoutDedupWhenRedisFailsWhileWaiting() {
		given(this.redis.execute(claimScript(), anyList(), anyList())).willReturn(Flux.<Object>just(List.of(2L)))
			.willReturn(Flux.error(new IllegalStateException("redis down")));
		DedupClaim claim = this.deduplicator.claim(events(1));

		StepVerifier.create(claim.outcome()).assertNext((outcome) -> {
			assertThat(outcome.fresh()).containsExactlyElementsOf(claim.events());
			assertThat(outcome.claimed()).isEmpty();
		}).verifyComplete();
		assertThat(this.registry.get(IngestMetrics.DEDUP_UNAVAILABLE).counter().count()).isEqualTo(1);
	}

	@Test
	void confirmsOnlyTheClaimsItTookAndNeverFailsTheWebhookForIt() {
		answerClaims(List.of(1L, 0L));
		given(this.redis.execute(confirmScript(), anyList(), anyList()))
			.willReturn(Flux.error(new IllegalStateException("redis down")));
		DedupClaim claim = this.deduplicator.claim(events(2));
		Deduplicator.Outcome outcome = claim.outcome().block(Duration.ofSeconds(5));

		StepVerifier.create(claim.confirm(outcome)).verifyComplete();
		then(this.redis).should()
			.execute(confirmScript(), argThat((keys) -> keys.size() == 2),
					this.<List<?>>matching((args) -> args.size() == 3 && args.get(0).equals(claim.owner())));
	}

	@Test
	void releasesEveryPendingClaimOfTheWebhookByItsOwnerAndNeverFails() {
		given(this.redis.execute(releaseScript(), anyList(), anyList()))
			.willReturn(Flux.error(new IllegalStateException("redis down")));
		DedupClaim claim = this.deduplicator.claim(events(3));

		StepVerifier.create(claim.release()).verifyComplete();
		then(this.redis).should()
			.execute(releaseScript(), argThat((keys) -> keys.size() == 3 && keys.get(0).startsWith("wa:ddp:")),
					this.<List<?>>matching((args) -> args.equals(List.of(claim.owner()))));
	}

	@Test
	void checksNothingForUpdatesOlderThanTheWindow() {
		DedupClaim claim = this.deduplicator.claim(events(2, Instant.now().minus(Duration.ofDays(9))));

		StepVerifier.create(claim.outcome())
			.assertNext((outcome) -> assertThat(outcome.fresh()).containsExactlyElementsOf(claim.events()))
			.verifyComplete();
		StepVerifier.create(claim.release()).verifyComplete();
		then(this.redis).should(never()).execute(claimScript(), anyList(), anyList());
	}

	/** The claim script's answers, one list of flags per round. */
	@SafeVarargs
	private void answerClaims(List<Long> first, List<Long>... then) {
		var stub = given(this.redis.execute(claimScript(), anyList(), anyList())).willReturn(Flux.<Object>just(first));
		for (List<Long> answer : then) {
			stub = stub.willReturn(Flux.<Object>just(answer));
		}
	}

	/** The script arguments, a list (not the varargs overload). */
	private <T> T matching(ArgumentMatcher<T> matcher) {
		return argThat(matcher);
	}

	private static RedisScript<Object> claimScript() {
		return argThat((script) -> script != null && script.getScriptAsString().contains("HEXISTS"));
	}

	private static RedisScript<Object> confirmScript() {
		return argThat((script) -> script != null && script.getScriptAsString().contains("HSETNX"));
	}

	private static RedisScript<Object> releaseScript() {
		return argThat((script) -> script != null && script.getScriptAsString().contains("DEL")
				&& !script.getScriptAsString().contains("HSETNX"));
	}

	private static List<RoutedEvent> events(int count) {
		return events(count, Instant.now());
	}

	private static List<RoutedEvent> events(int count, Instant time) {
		String prefix = "wamid.DD-" + UUID.randomUUID();
		String statuses = String.join(",",
				IntStream.range(0, count)
					.mapToObj((i) -> WebhookFixtures.statusAt(prefix + "-" + i, "delivered", "1650555000" + i,
							time.getEpochSecond()))
					.toList());
		byte[] body = WebhookFixtures.envelope(WebhookFixtures.entry(DEMO_PHONE_NUMBER_ID, statuses));
		ChannelDirectory channels = new ChannelDirectory(new IngestProperties(List.of(DEMO), null, null));
		return Derivation
			.derive(WebhookParser.parse(body), channels, Signer.of(DEMO_SECRET), "raw-1", Instant.now(), "corr")
			.routed();
	}

}
