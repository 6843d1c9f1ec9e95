package dev.switchboard.events.kafka;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PeriodicSweepTest {

	@Test
	void roundsRunOneAtATimeAndAFailedRoundIsFollowedByTheNext() {
		AtomicInteger rounds = new AtomicInteger();
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger mostInFlight = new AtomicInteger();
		PeriodicSweep sweep = new PeriodicSweep(LoggerFactory.getLogger(PeriodicSweepTest.class), "Test sweep",
				Duration.ofMillis(5), () -> Mono.defer(() -> {
					mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
					int round = rounds.incrementAndGet();
					Mono<Void> work = (round == 1) ? Mono.error(new IllegalStateException("first round fails"))
							: Mono.delay(Duration.ofMillis(20)).then();
					return work.doOnTerminate(inFlight::decrementAndGet);
				}));
		sweep.start();
		try {
			assertThat(sweep.isRunning()).isTrue();
			await().atMost(Duration.ofSeconds(10)).until(rounds::get, (n) -> n >= 4);
			assertThat(mostInFlight.get()).isEqualTo(1);
		}
		finally {
			sweep.stop();
		}
		assertThat(sweep.isRunning()).isFalse();
	}

	@Test
	void stoppingLetsTheRoundInFlightFinishAndStartsNoOther() {
		AtomicInteger rounds = new AtomicInteger();
		AtomicBoolean cancelled = new AtomicBoolean();
		AtomicBoolean finished = new AtomicBoolean();
		Sinks.Empty<Void> release = Sinks.empty();
		PeriodicSweep sweep = new PeriodicSweep(LoggerFactory.getLogger(PeriodicSweepTest.class), "Test sweep",
				Duration.ofMillis(5), Duration.ofSeconds(30), () -> Mono.defer(() -> {
					rounds.incrementAndGet();
					return release.asMono()
						.doOnCancel(() -> cancelled.set(true))
						.doOnSuccess((done) -> finished.set(true));
				}));
		sweep.start();
		await().atMost(Duration.ofSeconds(10)).until(rounds::get, (n) -> n == 1);
		// The round ends while stop() waits for it.
		Mono.delay(Duration.ofMillis(200)).subscribe((tick) -> release.tryEmitEmpty());
		sweep.stop();
		assertThat(finished).isTrue();
		assertThat(cancelled).isFalse();
		assertThat(rounds).hasValue(1);
		assertThat(sweep.isRunning()).isFalse();
	}

	@Test
	void stoppingCancelsARoundThatOutlastsTheStopTimeout() {
		AtomicBoolean cancelled = new AtomicBoolean();
		AtomicBoolean started = new AtomicBoolean();
		PeriodicSweep sweep = new PeriodicSweep(LoggerFactory.getLogger(PeriodicSweepTest.class), "Test sweep",
				Duration.ofMillis(5), Duration.ofMillis(100),
				() -> Mono.never().doOnSubscribe((s) -> started.set(true)).doOnCancel(() -> cancelled.set(true)));
		sweep.start();
		sweep.start();
		await().atMost(Duration.ofSeconds(10)).untilTrue(started);
		sweep.stop();
		assertThat(cancelled).isTrue();
		assertThat(sweep.isRunning()).isFalse();
	}

	@Test
	void stoppingWithACallbackReturnsAtOnceAndCallsBackOnceTheRoundFinished() {
		AtomicBoolean started = new AtomicBoolean();
		AtomicBoolean stopped = new AtomicBoolean();
		Sinks.Empty<Void> release = Sinks.empty();
		PeriodicSweep sweep = new PeriodicSweep(LoggerFactory.getLogger(PeriodicSweepTest.class), "Test sweep",
				Duration.ofMillis(5), Duration.ofSeconds(30),
				() -> release.asMono().doOnSubscribe((s) -> started.set(true)));
		sweep.start();
		await().atMost(Duration.ofSeconds(10)).untilTrue(started);
		sweep.stop(() -> stopped.set(true));
		assertThat(stopped).isFalse();
		release.tryEmitEmpty();
		await().atMost(Duration.ofSeconds(10)).untilTrue(stopped);
		assertThat(sweep.isRunning()).isFalse();
	}

	@Test
	void wakeupsStartARoundBeforeTheInterval() {
		AtomicInteger rounds = new AtomicInteger();
		Sinks.Many<Boolean> wakeups = Sinks.many().multicast().directBestEffort();
		PeriodicSweep sweep = new PeriodicSweep(LoggerFactory.getLogger(PeriodicSweepTest.class), "Test sweep",
				Duration.ofHours(1), Duration.ofSeconds(30), wakeups.asFlux(),
				() -> Mono.fromRunnable(rounds::incrementAndGet));
		sweep.start();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				wakeups.tryEmitNext(true);
				return rounds.get() > 0;
			});
		}
		finally {
			sweep.stop();
		}
	}

}
