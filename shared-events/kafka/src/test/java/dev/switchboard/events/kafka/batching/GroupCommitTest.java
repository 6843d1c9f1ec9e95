package dev.switchboard.events.kafka.batching;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class GroupCommitTest {

	private static final Duration LINGER = Duration.ofMillis(5);

	private final VirtualTimeScheduler time = VirtualTimeScheduler.create();

	/** Batches as {@code together} saw them. */
	private final Queue<List<String>> batches = new ConcurrentLinkedQueue<>();

	/** Items as {@code alone} saw them. */
	private final Queue<String> alone = new ConcurrentLinkedQueue<>();

	private final Queue<Disposable> subscriptions = new ConcurrentLinkedQueue<>();

	@AfterEach
	void dispose() {
		this.subscriptions.forEach(Disposable::dispose);
		this.time.dispose();
	}

	@Test
	void aBatchStartsOnceMaxBatchItemsWait() {
		GroupCommit<String> batches = batches(3, 2, this::succeed);
		Outcomes outcomes = submitAll(batches, "a", "b");
		assertThat(this.batches).isEmpty();
		submitAll(batches, "c", "d");
		assertThat(this.batches).containsExactly(List.of("a", "b", "c"));
		assertThat(outcomes.completed).containsExactlyInAnyOrder("a", "b");
		assertThat(batches.waiting()).isOne();
	}

	@Test
	void aBatchStartsWhenItsOldestItemHasLingered() {
		GroupCommit<String> batches = batches(10, 2, this::succeed);
		submitAll(batches, "a");
		this.time.advanceTimeBy(LINGER.dividedBy(2));
		submitAll(batches, "b");
		assertThat(this.batches).isEmpty();
		this.time.advanceTimeBy(LINGER.dividedBy(2));
		assertThat(this.batches).containsExactly(List.of("a", "b"));
		// The next item lingers from its own arrival.
		submitAll(batches, "c");
		this.time.advanceTimeBy(LINGER.minusNanos(1));
		assertThat(this.batches).hasSize(1);
		this.time.advanceTimeBy(Duration.ofNanos(1));
		assertThat(this.batches).containsExactly(List.of("a", "b"), List.of("c"));
	}

	@Test
	void withoutLingerWhatWaitsStartsAtOnce() {
		GroupCommit<String> batches = new GroupCommit<>(10, Duration.ZERO, 2, 100, this::record, this::alone,
				this.time);
		submitAll(batches, "a");
		submitAll(batches, "b");
		assertThat(this.batches).containsExactly(List.of("a"), List.of("b"));
	}

	@Test
	void atMostMaxInFlightBatchesRunAndWaitingItemsFormTheNextBatch() {
		List<Sinks.Empty<Void>> running = new ArrayList<>();
		GroupCommit<String> batches = batches(2, 1, (items) -> {
			Sinks.Empty<Void> done = Sinks.empty();
			running.add(done);
			return done.asMono();
		});
		Outcomes outcomes = submitAll(batches, "a", "b", "c", "d", "e");
		this.time.advanceTimeBy(LINGER.multipliedBy(10));
		assertThat(this.batches).containsExactly(List.of("a", "b"));
		assertThat(outcomes.completed).isEmpty();

		running.get(0).tryEmitEmpty();
		assertThat(outcomes.completed).containsExactlyInAnyOrder("a", "b");
		// c and d have waited long enough already.
		assertThat(this.batches).containsExactly(List.of("a", "b"), List.of("c", "d"));
		running.get(1).tryEmitEmpty();
		assertThat(this.batches).containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e"));
		running.get(2).tryEmitEmpty();
		assertThat(outcomes.completed).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
	}

	@Test
	void aFailedBatchIsProcessedItemByItemAndOnlyTheFailingItemFails() {
		GroupCommit<String> batches = new GroupCommit<>(3, LINGER, 1, 100, (items) -> {
			this.batches.add(items);
			return Mono.error(new IllegalStateException("batch failed"));
		}, (item) -> {
			this.alone.add(item);
			return "poison".equals(item) ? Mono.error(new IllegalStateException("poisoned")) : Mono.empty();
		}, this.time);
		Outcomes outcomes = submitAll(batches, "a", "poison", "c");
		assertThat(this.batches).containsExactly(List.of("a", "poison", "c"));
		assertThat(this.alone).containsExactly("a", "poison", "c");
		assertThat(outcomes.completed).containsExactlyInAnyOrder("a", "c");
		assertThat(outcomes.failed).containsExactly("poison: poisoned");
	}

	@Test
	void itemsBeyondTheBoundAreRefused() {
		GroupCommit<String> batches = new GroupCommit<>(10, LINGER, 1, 2, this::record, this::alone, this.time);
		Outcomes outcomes = submitAll(batches, "a", "b", "c");
		assertThat(outcomes.failed).singleElement().asString().startsWith("c: More than 2 items wait");
		this.time.advanceTimeBy(LINGER);
		assertThat(this.batches).containsExactly(List.of("a", "b"));
	}

	@Test
	void itemsHandedInFromManyThreadsAreEachProcessedOnceWithinTheBounds() throws InterruptedException {
		int threads = 8;
		int perThread = 2_000;
		AtomicInteger running = new AtomicInteger();
		AtomicInteger mostRunning = new AtomicInteger();
		Set<String> processed = ConcurrentHashMap.newKeySet();
		AtomicInteger repeats = new AtomicInteger();
		AtomicInteger largest = new AtomicInteger();
		GroupCommit<String> batches = new GroupCommit<>(50, Duration.ofMillis(1), 3, threads * perThread,
				(items) -> Mono.fromRunnable(() -> {
					mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
					largest.accumulateAndGet(items.size(), Math::max);
					items.forEach((item) -> {
						if (!processed.add(item)) {
							repeats.incrementAndGet();
						}
					});
				})
					.subscribeOn(Schedulers.parallel())
					.delayElement(Duration.ofMillis(1))
					.doFinally((signal) -> running.decrementAndGet())
					.then(),
				this::alone, Schedulers.parallel());
		AtomicInteger completed = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> submitters = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			Thread submitter = new Thread(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				for (int i = 0; i < perThread; i++) {
					this.subscriptions
						.add(batches.submit(thread + "-" + i).subscribe(null, null, completed::incrementAndGet));
				}
			});
			submitter.start();
			submitters.add(submitter);
		}
		start.countDown();
		for (Thread submitter : submitters) {
			submitter.join();
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> completed.get() == threads * perThread);
		assertThat(processed).hasSize(threads * perThread);
		assertThat(repeats).hasValue(0);
		assertThat(mostRunning.get()).isBetween(1, 3);
		assertThat(largest.get()).isBetween(2, 50);
		assertThat(this.alone).isEmpty();
		assertThat(batches.waiting()).isZero();
	}

	@Test
	void anItemThatArrivesWhileEverySlotIsBusyStillLingersFromItsArrival() {
		List<Sinks.Empty<Void>> running = new ArrayList<>();
		GroupCommit<String> batches = batches(10, 1, (items) -> {
			Sinks.Empty<Void> done = Sinks.empty();
			running.add(done);
			return done.asMono();
		});
		submitAll(batches, "a");
		this.time.advanceTimeBy(LINGER);
		assertThat(this.batches).containsExactly(List.of("a"));
		submitAll(batches, "b");

		// The slot frees at once: b has not lingered yet, so more may still join it.
		running.get(0).tryEmitEmpty();
		assertThat(this.batches).hasSize(1);
		submitAll(batches, "c");
		this.time.advanceTimeBy(LINGER.minusNanos(1));
		assertThat(this.batches).hasSize(1);
		this.time.advanceTimeBy(Duration.ofNanos(1));
		assertThat(this.batches).containsExactly(List.of("a"), List.of("b", "c"));
	}

	@Test
	void theLeftOversOfFullBatchesKeepTheLingerOfTheirArrival() {
		GroupCommit<String> batches = batches(3, 1, this::succeed);
		submitAll(batches, "1", "2", "3", "4", "5", "6", "7", "8");
		assertThat(this.batches).containsExactly(List.of("1", "2", "3"), List.of("4", "5", "6"));
		this.time.advanceTimeBy(LINGER.minusNanos(1));
		assertThat(this.batches).hasSize(2);
		this.time.advanceTimeBy(Duration.ofNanos(1));
		assertThat(this.batches).containsExactly(List.of("1", "2", "3"), List.of("4", "5", "6"), List.of("7", "8"));
	}

	@Test
	void eachCallerLearnsTheOutcomeOfItsOwnItem() {
		GroupCommit<String> batches = new GroupCommit<>(3, LINGER, 1, 100, (items) -> {
			this.batches.add(items);
			throw new IllegalStateException("batch failed before it started");
		}, (item) -> item.startsWith("bad") ? Mono.error(new IllegalArgumentException(item + " refused")) : alone(item),
				this.time);

		StepVerifier
			.create(Flux.just("good", "bad", "also-good")
				.flatMapSequential((item) -> batches.submit(item)
					.thenReturn(item + ": done")
					.onErrorResume((ex) -> Mono.just(item + ": " + ex.getMessage()))))
			.expectNext("good: done", "bad: bad refused", "also-good: done")
			.verifyComplete();
		assertThat(this.batches).containsExactly(List.of("good", "bad", "also-good"));
		assertThat(this.alone).containsExactly("good", "also-good");
	}

	@Test
	void aFailingItemFailsItsCallerWithItsOwnError() {
		GroupCommit<String> batches = new GroupCommit<>(1, Duration.ZERO, 1, 100,
				(items) -> Mono.error(new IllegalStateException("batch failed")),
				(item) -> Mono.error(new IllegalArgumentException(item + " refused")), this.time);

		StepVerifier.create(batches.submit("x"))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(IllegalArgumentException.class).hasMessage("x refused"))
			.verify();
	}

	@Test
	void anItemIsHandedInOnlyOnSubscription() {
		GroupCommit<String> batches = new GroupCommit<>(1, Duration.ZERO, 1, 100, this::record, this::alone, this.time);
		Mono<Void> notYet = batches.submit("a");
		assertThat(batches.waiting()).isZero();
		assertThat(this.batches).isEmpty();

		StepVerifier.create(notYet).verifyComplete();
		assertThat(this.batches).containsExactly(List.of("a"));
	}

	@Test
	void aRefusedItemFailsWithoutTouchingTheWaitingOnes() {
		GroupCommit<String> batches = new GroupCommit<>(10, LINGER, 1, 1, this::record, this::alone, this.time);
		Outcomes first = submitAll(batches, "a");

		StepVerifier.create(batches.submit("b"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalStateException.class)
				.hasMessageStartingWith("More than 1 items wait"))
			.verify();
		this.time.advanceTimeBy(LINGER);
		assertThat(this.batches).containsExactly(List.of("a"));
		assertThat(first.completed).containsExactly("a");
	}

	@Test
	void unusableSettingsAreRefused() {
		for (int[] settings : new int[][] { { 0, 1, 1 }, { 1, 0, 1 }, { 1, 1, 0 } }) {
			assertThatIllegalArgumentException().isThrownBy(() -> new GroupCommit<String>(settings[0], LINGER,
					settings[1], settings[2], this::record, this::alone, this.time));
		}
		assertThatIllegalArgumentException().isThrownBy(
				() -> new GroupCommit<String>(1, Duration.ofMillis(-1), 1, 1, this::record, this::alone, this.time));
	}

	private GroupCommit<String> batches(int maxBatch, int maxInFlight, Function<List<String>, Mono<Void>> together) {
		return new GroupCommit<>(maxBatch, LINGER, maxInFlight, 100, (items) -> {
			this.batches.add(items);
			return together.apply(items);
		}, this::alone, this.time);
	}

	private Mono<Void> succeed(List<String> items) {
		return Mono.empty();
	}

	private Mono<Void> record(List<String> items) {
		this.batches.add(items);
		return Mono.empty();
	}

	private Mono<Void> alone(String item) {
		this.alone.add(item);
		return Mono.empty();
	}

	private Outcomes submitAll(GroupCommit<String> batches, String... items) {
		Outcomes outcomes = new Outcomes();
		Flux.fromArray(items)
			.subscribe((item) -> this.subscriptions.add(batches.submit(item)
				.subscribe(null, (ex) -> outcomes.failed.add(item + ": " + ex.getMessage()),
						() -> outcomes.completed.add(item))));
		return outcomes;
	}

	private static final class Outcomes {

		final Queue<String> completed = new ConcurrentLinkedQueue<>();

		final Queue<String> failed = new ConcurrentLinkedQueue<>();

	}

}
