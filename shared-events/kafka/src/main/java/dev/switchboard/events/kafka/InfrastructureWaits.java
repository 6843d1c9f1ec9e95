package dev.switchboard.events.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of one consumer held while infrastructure is unavailable: one warning when
 * the first starts waiting, one info when the last is through, and the gauge
 * {@code switchboard.consumer.paused} (records waiting, by topic, group and cause)
 * instead of a line per record.
 */
final class InfrastructureWaits {

	static final String METRIC = "switchboard.consumer.paused";

	private static final Logger log = LoggerFactory.getLogger(InfrastructureWaits.class);

	private final String topicName;

	private final String groupId;

	private final MeterRegistry meters;

	private final AtomicInteger waiting = new AtomicInteger();

	private final Map<String, AtomicInteger> waitingByCause = new ConcurrentHashMap<>();

	private volatile String cause;

	private volatile long since;

	/**
	 * @param meters where the gauge is registered, or null for none
	 */
	InfrastructureWaits(String topicName, String groupId, MeterRegistry meters) {
		this.topicName = topicName;
		this.groupId = groupId;
		this.meters = meters;
	}

	/**
	 * A record starts waiting.
	 * @param cause the failure that shows infrastructure unavailable
	 * @return the cause's name, to pass to {@link #ended}
	 */
	String started(Throwable cause) {
		String name = cause.getClass().getName();
		byCause(name).incrementAndGet();
		if (this.waiting.getAndIncrement() == 0) {
			this.since = System.nanoTime();
			this.cause = name;
			log.warn(
					"Consumer of {} in group {} paused: infrastructure unavailable ({}); "
							+ "holding its records and retrying until it answers",
					this.topicName, this.groupId, DeadLetters.describe(cause));
		}
		return name;
	}

	/** A record that waited is through (handled, failed for another reason, or left). */
	void ended(String cause) {
		byCause(cause).decrementAndGet();
		if (this.waiting.decrementAndGet() == 0) {
			log.info("Consumer of {} in group {} no longer waits for infrastructure, after {} ms", this.topicName,
					this.groupId, Duration.ofNanos(System.nanoTime() - this.since).toMillis());
		}
	}

	/** The cause of the current wait, empty when no record waits. */
	Optional<String> cause() {
		return (this.waiting.get() > 0) ? Optional.ofNullable(this.cause) : Optional.empty();
	}

	private AtomicInteger byCause(String name) {
		return this.waitingByCause.computeIfAbsent(name, (key) -> {
			AtomicInteger count = new AtomicInteger();
			if (this.meters != null) {
				Gauge.builder(METRIC, count, AtomicInteger::get)
					.description("Records a consumer holds while infrastructure is unavailable")
					.tag("topic", this.topicName)
					.tag("group", this.groupId)
					.tag("cause", key)
					.register(this.meters);
			}
			return count;
		});
	}

}
