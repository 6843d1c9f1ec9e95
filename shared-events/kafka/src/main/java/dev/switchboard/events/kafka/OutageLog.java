package dev.switchboard.events.kafka;

import java.time.Duration;
import java.util.Objects;

import org.slf4j.Logger;

/**
 * The log of a worker that runs in rounds (a relay, a poller) while the infrastructure it
 * needs may be unavailable: one WARN when a round first fails for unavailable
 * infrastructure (see {@link FailureClassifier}), DEBUG for each round that fails so
 * after it, one INFO when a round succeeds again. A failure of another kind is logged at
 * WARN every time: it is a defect, not an outage. Rounds must not overlap (one at a time,
 * as a {@code concatMap} runs them).
 */
public final class OutageLog {

	private final Logger log;

	private final String worker;

	private final FailureClassifier classifier;

	private volatile boolean outage;

	private volatile long outageSince;

	/**
	 * @param log the worker's logger
	 * @param worker what the worker is, e.g. {@code "Outbox relay of outbox"}, the
	 * subject of each line
	 */
	public OutageLog(Logger log, String worker) {
		this(log, worker, FailureClassifier.defaults());
	}

	/**
	 * @param log the worker's logger
	 * @param worker what the worker is, the subject of each line
	 * @param classifier tells unavailable infrastructure from other failures
	 */
	public OutageLog(Logger log, String worker, FailureClassifier classifier) {
		this.log = Objects.requireNonNull(log, "log");
		this.worker = Objects.requireNonNull(worker, "worker");
		this.classifier = Objects.requireNonNull(classifier, "classifier");
	}

	/** A round failed; the worker tries again in a later round. */
	public void failed(Throwable failure) {
		if (!this.classifier.isInfrastructure(failure)) {
			this.log.warn("{} round failed, retrying in the next round: {}", this.worker, failure.toString());
			return;
		}
		if (!this.outage) {
			this.outage = true;
			this.outageSince = System.nanoTime();
			Throwable cause = this.classifier.infrastructureCause(failure).orElse(failure);
			this.log.warn("{} paused: infrastructure unavailable ({}); retrying quietly until it answers", this.worker,
					cause.toString());
		}
		else {
			this.log.debug("{} round failed, infrastructure still unavailable: {}", this.worker, failure.toString());
		}
	}

	/** A round succeeded: ends an outage, if there was one. */
	public void succeeded() {
		if (this.outage) {
			this.outage = false;
			this.log.info("{} resumed: infrastructure answers again after {} ms", this.worker,
					Duration.ofNanos(System.nanoTime() - this.outageSince).toMillis());
		}
	}

	/** Whether the last round failed for unavailable infrastructure. */
	public boolean inOutage() {
		return this.outage;
	}

}
