package dev.switchboard.messaging.pacing;

import java.time.Duration;
import java.util.List;

import dev.switchboard.messaging.channels.Channel;
import dev.switchboard.messaging.channels.Provider;
import dev.switchboard.redis.SharedRedisConnection;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ReactiveValueOperations;
import org.springframework.data.redis.core.script.RedisScript;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * What the pacer asks Redis for each slot, and what it makes of the answers: the script
 * itself runs against the real Redis in {@link SendPacerIT}.
 */
class SendPacerTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final Channel CHANNEL = new Channel("demo", "demo-meta", Provider.META, "100000000000001", "t", null,
			80);

	private final ReactiveStringRedisTemplate redis = mock(ReactiveStringRedisTemplate.class);

	private final SendPacer pacer = pacer(true);

	@Test
	void aTierSlotIsReservedAtTheNumbersRateAndWaitedFor() {
		given(this.redis.execute(slotScript(), anyList(), anyList())).willReturn(Flux.just(250_000L));

		StepVerifier.create(this.pacer.tierSlot(CHANNEL)).expectNext(Duration.ofMillis(250)).verifyComplete();
		then(this.redis).should()
			.execute(slotScript(), eq(List.of("sb:gov:tier:100000000000001")), eq(List.of("12500", "1", "1")));
	}

	@Test
	void aPairSlotIsTakenOnlyWhenTheRecipientsBurstHasRoom() {
		given(this.redis.execute(slotScript(), anyList(), anyList())).willReturn(Flux.just(0L), Flux.just(4_000_000L));

		StepVerifier.create(this.pacer.pairSlot(CHANNEL, "+972500000001")).expectNext(Duration.ZERO).verifyComplete();
		StepVerifier.create(this.pacer.pairSlot(CHANNEL, "+972500000001"))
			.expectNext(Duration.ofSeconds(4))
			.verifyComplete();
		then(this.redis).should(times(2))
			.execute(slotScript(), eq(List.of("sb:gov:pair:100000000000001:+972500000001")),
					eq(List.of("6000000", "45", "0")));
	}

	@Test
	void anAnswerInThePastOrNoneIsNoWait() {
		given(this.redis.execute(slotScript(), anyList(), anyList())).willReturn(Flux.just(-3L), Flux.empty());

		StepVerifier.create(this.pacer.tierSlot(CHANNEL)).expectNext(Duration.ZERO).verifyComplete();
		StepVerifier.create(this.pacer.tierSlot(CHANNEL)).expectNext(Duration.ZERO).verifyComplete();
	}

	@Test
	void aRedisThatFailsOrDoesNotAnswerLetsSendsGoUnpaced() {
		given(this.redis.execute(slotScript(), anyList(), anyList()))
			.willReturn(Flux.error(new IllegalStateException("Redis down")), Flux.never());
		given(this.redis.getExpire(any())).willReturn(Mono.error(new IllegalStateException("Redis down")));
		ReactiveValueOperations<String, String> values = values();
		given(values.set(any(), any(), any(Duration.class)))
			.willReturn(Mono.error(new IllegalStateException("Redis down")));

		StepVerifier.create(this.pacer.tierSlot(CHANNEL)).expectNext(Duration.ZERO).verifyComplete();
		StepVerifier.create(this.pacer.pairSlot(CHANNEL, "+972500000001"))
			.expectNext(Duration.ZERO)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.pacer.pause(CHANNEL)).expectNext(Duration.ZERO).verifyComplete();
		StepVerifier.create(this.pacer.pauseFor(CHANNEL, Duration.ofSeconds(4))).verifyComplete();
	}

	@Test
	void aPauseIsWhatIsLeftOfTheNumbersPauseKey() {
		given(this.redis.getExpire("sb:gov:pause:100000000000001")).willReturn(Mono.just(Duration.ofSeconds(-2)),
				Mono.just(Duration.ofSeconds(-1)), Mono.just(Duration.ofSeconds(16)));
		ReactiveValueOperations<String, String> values = values();
		given(values.set(any(), any(), any(Duration.class))).willReturn(Mono.just(true));

		StepVerifier.create(this.pacer.pause(CHANNEL)).as("no key").expectNext(Duration.ZERO).verifyComplete();
		StepVerifier.create(this.pacer.pause(CHANNEL)).as("no expiry").expectNext(Duration.ZERO).verifyComplete();
		StepVerifier.create(this.pacer.pause(CHANNEL)).expectNext(Duration.ofSeconds(16)).verifyComplete();
		StepVerifier.create(this.pacer.pauseFor(CHANNEL, Duration.ofSeconds(16))).verifyComplete();
		then(values).should().set("sb:gov:pause:100000000000001", "1", Duration.ofSeconds(16));
	}

	@Test
	void disabledPacingNeverAsksRedis() {
		SendPacer disabled = pacer(false);

		StepVerifier.create(disabled.tierSlot(CHANNEL)).expectNext(Duration.ZERO).verifyComplete();
		StepVerifier.create(disabled.pairSlot(CHANNEL, "+972500000001")).expectNext(Duration.ZERO).verifyComplete();
		StepVerifier.create(disabled.pause(CHANNEL)).expectNext(Duration.ZERO).verifyComplete();
		StepVerifier.create(disabled.pauseFor(CHANNEL, Duration.ofSeconds(4))).verifyComplete();
		verifyNoInteractions(this.redis);
	}

	private SendPacer pacer(boolean enabled) {
		return new SendPacer(this.redis,
				new SendPacingProperties(enabled, Duration.ofSeconds(6), 45, "sb:gov:", Duration.ofMillis(200)),
				new SharedRedisConnection(this.redis));
	}

	@SuppressWarnings("unchecked")
	private ReactiveValueOperations<String, String> values() {
		ReactiveValueOperations<String, String> values = mock(ReactiveValueOperations.class);
		given(this.redis.opsForValue()).willReturn(values);
		return values;
	}

	/** The pacing script, the one loaded from the class path. */
	private static RedisScript<Long> slotScript() {
		return argThat((script) -> script != null && script.getScriptAsString().contains("GCRA")
				&& script.getResultType() == Long.class);
	}

}
