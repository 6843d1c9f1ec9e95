package dev.switchboard.events.kafka.batching;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * Group commit: items handed in from any thread are gathered into batches, and each batch
 * is processed as one unit ({@code together}), e.g. in one database transaction, which
 * costs far less per item than a transaction each (its commit, round trips and statements
 * are shared). A batch starts when {@code maxBatch} items wait, or when the oldest
 * waiting item has waited {@code linger}, and at most {@code maxInFlight} batches run at
 * once (items wait meanwhile, so batches grow under load). When a batch fails, its items
 * are processed one by one ({@code alone}), so that one bad item fails only itself: each
 * caller learns the outcome of its own item. Batches keep the order items were handed in.
 * <p>
 * Why not Reactor's {@code bufferTimeout(maxSize, maxTime, fairBackpressure)} followed by
 * {@code flatMap(…, maxInFlight)}: with its backpressure it hands on whatever it holds as
 * soon as a batch slot frees, however briefly the items waited, so that under load
 * batches stay as small as without a linger (the linger is what makes them larger, and
 * cheaper per item); it takes no zero linger; and it cannot bound the items waiting, as
 * it prefetches past any queue in front of it. Here the linger counts from the oldest
 * waiting item's arrival, busy slots or not.
 * <p>
 * Lock-free: handing in queues the item and runs the drain loop unless another thread is
 * running it, in which case that thread goes round once more (nobody waits or spins).
 *
 * @param <T> the item type
 */
public final class GroupCommit<T> {

	private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

	private static final long NO_DEADLINE = Long.MIN_VALUE;

	private final int maxBatch;

	private final long lingerNanos;

	private final int maxInFlight;

	private final int maxWaiting;

	private final Function<List<T>, Mono<Void>> together;

	private final Function<T, Mono<Void>> alone;

	private final Scheduler timer;

	private final Queue<Waiting<T>> queue = new ConcurrentLinkedQueue<>();

	/** Items in the queue; counted after they are queued, so that a drain finds them. */
	private final AtomicInteger waiting = new AtomicInteger();

	private final AtomicInteger inFlight = new AtomicInteger();

	/** Drain requests; only the thread that raised it from zero drains. */
	private final AtomicInteger drains = new AtomicInteger();

	// Read and written by the draining thread only.

	/** When the oldest waiting item has lingered enough. */
	private long deadline = NO_DEADLINE;

	/** The deadline a timer is set for. */
	private long timerFor = NO_DEADLINE;

	/**
	 * Creates the group commit.
	 * @param maxBatch items per batch at most
	 * @param linger longest an item waits for more to join its batch while a batch could
	 * start
	 * @param maxInFlight batches processed at once
	 * @param maxWaiting items waiting at most; beyond it items are refused (a safety
	 * bound: callers bound what they hand in)
	 * @param together processes a batch
	 * @param alone processes one item of a failed batch
	 * @param timer runs the linger timers
	 */
	public GroupCommit(int maxBatch, Duration linger, int maxInFlight, int maxWaiting,
			Function<List<T>, Mono<Void>> together, Function<T, Mono<Void>> alone, Scheduler timer) {
		if (maxBatch < 1 || maxInFlight < 1 || maxWaiting < 1 || linger.isNegative()) {
			throw new IllegalArgumentException(
					"Batches need a positive size, flight and bound, and no negative linger");
		}
		this.maxBatch = maxBatch;
		this.lingerNanos = linger.toNanos();
		this.maxInFlight = maxInFlight;
		this.maxWaiting = maxWaiting;
		this.together = together;
		this.alone = alone;
		this.timer = timer;
	}

	/**
	 * Hands the item in on subscription; completes when its batch (or, after the batch
	 * failed, the item alone) has been processed, or fails as the item alone failed.
	 */
	public Mono<Void> submit(T item) {
		return Mono.defer(() -> {
			if (this.waiting.get() >= this.maxWaiting) {
				return Mono.error(new IllegalStateException(
						"More than " + this.maxWaiting + " items wait for a batch; try again later"));
			}
			Waiting<T> entry = new Waiting<>(item, Sinks.empty());
			this.queue.offer(entry);
			this.waiting.incrementAndGet();
			drain();
			return entry.done().asMono();
		});
	}

	/** Items waiting for a batch. */
	int waiting() {
		return this.waiting.get();
	}

	private void drain() {
		if (this.drains.getAndIncrement() != 0) {
			return;
		}
		int missed = 1;
		do {
			startDueBatches();
			missed = this.drains.addAndGet(-missed);
		}
		while (missed != 0);
	}

	private void startDueBatches() {
		while (true) {
			int count = this.waiting.get();
			if (count == 0) {
				this.deadline = NO_DEADLINE;
				return;
			}
			long now = this.timer.now(TimeUnit.NANOSECONDS);
			if (this.deadline == NO_DEADLINE) {
				this.deadline = now + this.lingerNanos;
			}
			if (this.inFlight.get() >= this.maxInFlight) {
				// The batch that ends drains again.
				return;
			}
			if (count < this.maxBatch && now - this.deadline < 0) {
				setTimer(now);
				return;
			}
			List<Waiting<T>> batch = take(Math.min(count, this.maxBatch));
			if (this.waiting.get() == 0) {
				// Items handed in from now on start a linger of their own; left-overs of
				// a full batch keep theirs.
				this.deadline = NO_DEADLINE;
			}
			this.inFlight.incrementAndGet();
			process(batch);
		}
	}

	private void setTimer(long now) {
		if (this.timerFor != this.deadline) {
			this.timerFor = this.deadline;
			try {
				this.timer.schedule(this::drain, this.deadline - now, TimeUnit.NANOSECONDS);
			}
			catch (RuntimeException ex) {
				// Shutting down: the next item handed in or batch ending drains again.
				this.timerFor = NO_DEADLINE;
				log.warn("Could not set the batch linger timer: {}", ex.toString());
			}
		}
	}

	private List<Waiting<T>> take(int count) {
		List<Waiting<T>> batch = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			batch.add(this.queue.poll());
		}
		this.waiting.addAndGet(-count);
		return batch;
	}

	private void process(List<Waiting<T>> batch) {
		List<T> items = batch.stream().map(Waiting::item).toList();
		Mono.defer(() -> this.together.apply(items))
			.then(Mono.fromRunnable(() -> batch.forEach((entry) -> entry.done().tryEmitEmpty())))
			.onErrorResume((ex) -> {
				log.warn("A batch of {} failed ({}); processing its items one by one", batch.size(), describe(ex));
				return Flux.fromIterable(batch).concatMap(this::processAlone).then();
			})
			.doFinally((signal) -> {
				this.inFlight.decrementAndGet();
				drain();
			})
			.subscribe();
	}

	private Mono<Void> processAlone(Waiting<T> entry) {
		return Mono.defer(() -> this.alone.apply(entry.item()))
			.doOnSuccess((done) -> entry.done().tryEmitEmpty())
			.onErrorResume((ex) -> {
				entry.done().tryEmitError(ex);
				return Mono.empty();
			});
	}

	private record Waiting<T>(T item, Sinks.Empty<Void> done) {
	}

	/** The failure and its innermost cause, which names what the database refused. */
	private static String describe(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root == failure) ? failure.toString() : failure + ", caused by " + root;
	}

}
