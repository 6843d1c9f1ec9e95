package dev.switchboard.events.kafka;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * A running consumer. {@link #close()} stops it; acknowledged offsets are committed on
 * the way out.
 */
public final class EventSubscription implements Disposable, AutoCloseable {

	private final Disposable pipeline;

	private final EventConsumer<?> consumer;

	EventSubscription(Disposable pipeline, EventConsumer<?> consumer) {
		this.pipeline = pipeline;
		this.consumer = consumer;
	}

	/** Partitions currently assigned to this consumer. */
	public Set<Integer> assignedPartitions() {
		return new TreeSet<>(this.consumer.assignedPartitions());
	}

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

	@Override
	public void dispose() {
		if (!this.pipeline.isDisposed()) {
			this.pipeline.dispose();
			this.consumer.stopped();
		}
	}

	@Override
	public boolean isDisposed() {
		return this.pipeline.isDisposed();
	}

	@Override
	public void close() {
		close(DRAIN_TIMEOUT);
	}

	/** Graceful stop waiting at most {@code timeout} for records being handled. */
	public void close(Duration timeout) {
		if (!this.pipeline.isDisposed()) {
			drain(timeout).block();
			dispose();
		}
	}

	/**
	 * The first half of a graceful stop, for stopping several consumers at once: takes no
	 * new records and completes once the records being handled finished and their offsets
	 * were committed, or after {@code timeout}; {@link #dispose()} then stops the
	 * consumer.
	 * @param timeout how long to wait for the records being handled
	 * @return completes when drained (never with an error)
	 */
	public Mono<Void> drain(Duration timeout) {
		return this.pipeline.isDisposed() ? Mono.empty() : this.consumer.drain(timeout);
	}

}
