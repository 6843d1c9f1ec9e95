package dev.switchboard.events.kafka;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.slf4j.Logger;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A worker that runs a round every {@code interval} while started: one round at a time (a
 * tick that comes while a round runs is dropped, not queued), a failed round logged
 * through an {@link OutageLog} and retried by the next tick. What a round does and finds
 * to do lives in the database, so a sweep needs no state of its own and every instance
 * may run one. Stopping lets the round in flight finish (within a stop timeout): a round
 * cut off half way may leave work done but not recorded.
 */
public final class PeriodicSweep {

	/** How long {@link #stop()} lets a round in flight finish by default. */
	public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

	private final Logger log;

	private final String worker;

	private final Duration interval;

	private final Duration stopTimeout;

	private final Supplier<Mono<?>> round;

	private final OutageLog outages;

	private Disposable running;

	private Sinks.Empty<Void> stopRequested;

	private CountDownLatch finished;

	private AtomicBoolean stopping;

	/**
	 * @param log the worker's logger
	 * @param worker what the worker is, the subject of its outage log lines
	 * @param interval time between rounds
	 * @param round one round of work
	 */
	public PeriodicSweep(Logger log, String worker, Duration interval, Supplier<Mono<?>> round) {
		this(log, worker, interval, DEFAULT_STOP_TIMEOUT, round);
	}

	/**
	 * @param log the worker's logger
	 * @param worker what the worker is, the subject of its outage log lines
	 * @param interval time between rounds
	 * @param stopTimeout how long {@link #stop()} lets a round in flight finish before it
	 * cancels it
	 * @param round one round of work
	 */
	public PeriodicSweep(Logger log, String worker, Duration interval, Duration stopTimeout, Supplier<Mono<?>> round) {
		this.log = Objects.requireNonNull(log, "log");
		this.worker = Objects.requireNonNull(worker, "worker");
		this.interval = Objects.requireNonNull(interval, "interval");
		this.stopTimeout = Objects.requireNonNull(stopTimeout, "stopTimeout");
		this.round = Objects.requireNonNull(round, "round");
		this.outages = new OutageLog(log, worker);
	}

	/** Starts the rounds; does nothing when they run already. */
	public synchronized void start() {
		if (this.running != null) {
			return;
		}
		Sinks.Empty<Void> stop = Sinks.empty();
		AtomicBoolean stopping = new AtomicBoolean();
		CountDownLatch done = new CountDownLatch(1);
		this.stopRequested = stop;
		this.stopping = stopping;
		this.finished = done;
		this.running = Flux.interval(this.interval)
			.onBackpressureDrop()
			// No round starts once asked to stop; the one in flight finishes.
			.takeUntilOther(stop.asMono())
			// A tick queued before the stop starts no round either.
			.concatMap((tick) -> stopping.get() ? Mono.<Void>empty()
					: Mono.defer(this.round)
						.doOnSuccess((result) -> this.outages.succeeded())
						.then()
						.onErrorResume((ex) -> {
							this.outages.failed(ex);
							return Mono.empty();
						}),
					1)
			.doFinally((signal) -> done.countDown())
			.subscribe();
	}

	/**
	 * Stops the rounds: none starts any more, and the round in flight may finish within
	 * the stop timeout; past it, it is cancelled.
	 */
	public synchronized void stop() {
		Disposable current = this.running;
		if (current == null) {
			return;
		}
		this.stopping.set(true);
		this.stopRequested.tryEmitEmpty();
		try {
			if (!this.finished.await(this.stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
				this.log.warn("{}: the round in flight did not finish in {}, cancelled", this.worker, this.stopTimeout);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		current.dispose();
		this.running = null;
	}

	public synchronized boolean isRunning() {
		return this.running != null;
	}

}
