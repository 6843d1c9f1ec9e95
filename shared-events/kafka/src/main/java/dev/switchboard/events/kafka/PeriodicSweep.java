package dev.switchboard.events.kafka;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

import org.slf4j.Logger;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A worker that runs a round every {@code interval} while started: one round at a time (a
 * tick that comes while a round runs is dropped, not queued), a failed round logged
 * through an {@link OutageLog} and retried by the next tick. What a round does and finds
 * to do lives in the database, so a sweep needs no state of its own and every instance
 * may run one.
 */
public final class PeriodicSweep {

	private final Duration interval;

	private final Supplier<Mono<?>> round;

	private final OutageLog outages;

	private volatile Disposable running;

	/**
	 * @param log the worker's logger
	 * @param worker what the worker is, the subject of its outage log lines
	 * @param interval time between rounds
	 * @param round one round of work
	 */
	public PeriodicSweep(Logger log, String worker, Duration interval, Supplier<Mono<?>> round) {
		this.interval = Objects.requireNonNull(interval, "interval");
		this.round = Objects.requireNonNull(round, "round");
		this.outages = new OutageLog(log, worker);
	}

	/** Starts the rounds; does nothing when they run already. */
	public synchronized void start() {
		if (this.running != null) {
			return;
		}
		this.running = Flux.interval(this.interval)
			.onBackpressureDrop()
			.concatMap((tick) -> Mono.defer(this.round)
				.doOnSuccess((done) -> this.outages.succeeded())
				.then()
				.onErrorResume((ex) -> {
					this.outages.failed(ex);
					return Mono.empty();
				}), 1)
			.subscribe();
	}

	/** Stops the rounds; a round in flight is cancelled. */
	public synchronized void stop() {
		Disposable current = this.running;
		if (current != null) {
			current.dispose();
		}
		this.running = null;
	}

	public boolean isRunning() {
		return this.running != null;
	}

}
