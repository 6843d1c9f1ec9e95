package dev.switchboard.events.kafka;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.slf4j.Logger;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A worker that runs a round every {@code interval} (and, if given, whenever its wakeups
 * signal) while started: one round at a time (a tick that comes while a round runs is
 * dropped, not queued), a failed round logged through an {@link OutageLog} and retried by
 * the next tick. What a round does and finds to do lives in the database, so a sweep
 * needs no state of its own and every instance may run one. Stopping lets the round in
 * flight finish (within a stop timeout): a round cut off half way may leave work done but
 * not recorded.
 */
public final class PeriodicSweep {

	/** How long {@link #stop()} lets a round in flight finish by default. */
	public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

	private final Logger log;

	private final String worker;

	private final Duration interval;

	private final Duration stopTimeout;

	private final Supplier<Mono<?>> round;

	/** Signals that work waits, or null for rounds on the interval only. */
	private final Flux<?> wakeups;

	private final OutageLog outages;

	private Disposable running;

	private Sinks.Empty<Void> stopRequested;

	private Sinks.Empty<Void> finished;

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
		this(log, worker, interval, stopTimeout, null, round);
	}

	/**
	 * A worker that runs a round every {@code interval} and whenever {@code wakeups}
	 * signals (e.g. after a commit that gave it work): a signal that comes while a round
	 * runs is not dropped, one more round follows.
	 * @param log the worker's logger
	 * @param worker what the worker is, the subject of its outage log lines
	 * @param interval time between rounds when nothing signals
	 * @param stopTimeout how long {@link #stop()} lets a round in flight finish before it
	 * cancels it
	 * @param wakeups signals that work is waiting
	 * @param round one round of work
	 */
	public PeriodicSweep(Logger log, String worker, Duration interval, Duration stopTimeout, Flux<?> wakeups,
			Supplier<Mono<?>> round) {
		this.wakeups = wakeups;
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
		Sinks.Empty<Void> done = Sinks.empty();
		this.stopRequested = stop;
		this.stopping = stopping;
		this.finished = done;
		Flux<Long> ticks = (this.wakeups != null)
				? Flux.merge(this.wakeups.map((signal) -> 0L), Flux.interval(this.interval)).onBackpressureLatest()
				: Flux.interval(this.interval).onBackpressureDrop();
		this.running = ticks
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
			.doFinally((signal) -> done.tryEmitEmpty())
			.subscribe();
	}

	/**
	 * Stops the rounds, blocking: none starts any more, and the round in flight may
	 * finish within the stop timeout; past it, it is cancelled.
	 */
	public void stop() {
		stopping().block();
	}

	/**
	 * {@link #stop()} without blocking, for {@code SmartLifecycle.stop(Runnable)}:
	 * several workers of a service then stop at once.
	 * @param callback run once stopped
	 */
	public void stop(Runnable callback) {
		stopping().doFinally((signal) -> callback.run()).subscribe();
	}

	private synchronized Mono<Void> stopping() {
		Disposable current = this.running;
		if (current == null) {
			return Mono.empty();
		}
		this.running = null;
		this.stopping.set(true);
		this.stopRequested.tryEmitEmpty();
		return this.finished.asMono().timeout(this.stopTimeout).onErrorResume((ex) -> {
			this.log.warn("{}: the round in flight did not finish in {}, cancelled", this.worker, this.stopTimeout);
			return Mono.empty();
		}).doFinally((signal) -> current.dispose());
	}

	public synchronized boolean isRunning() {
		return this.running != null;
	}

}
