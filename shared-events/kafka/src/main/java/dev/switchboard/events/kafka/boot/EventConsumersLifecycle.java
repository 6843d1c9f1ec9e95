package dev.switchboard.events.kafka.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import dev.switchboard.events.kafka.ConsumerStartCondition;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.EventSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the service's consumers, after everything else is up (the catalog's topics
 * created, see {@link CatalogTopicsLifecycle}) and once every
 * {@link ConsumerStartCondition} is met (the tenant directory read to its end: a record
 * handled before that could find its tenant's channel missing). Start-up does not wait
 * for them: the consumers start in the background, and {@link #waitingFor()} says why
 * they have not yet. Stops the consumers early on shutdown (after the workers, before the
 * web server's graceful shutdown) and all at once: each takes no new records, finishes
 * the ones it handles and commits their offsets within the drain timeout, before the
 * database pool and the publisher close.
 */
final class EventConsumersLifecycle implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(EventConsumersLifecycle.class);

	private final Duration drainTimeout;

	private final Supplier<List<EventConsumer<?>>> consumers;

	private final Supplier<List<ConsumerStartCondition>> conditions;

	private final List<EventSubscription> subscriptions = new ArrayList<>();

	private volatile boolean running;

	/** Why the consumers have not started while running, null once they have. */
	private volatile String waitingFor;

	private Disposable awaitingConditions;

	/**
	 * @param drainTimeout how long the consumers together may take to finish the records
	 * they handle when the service stops
	 * @param conditions what the consumers wait for before they start
	 */
	EventConsumersLifecycle(Duration drainTimeout, Supplier<List<EventConsumer<?>>> consumers,
			Supplier<List<ConsumerStartCondition>> conditions) {
		this.drainTimeout = drainTimeout;
		this.consumers = consumers;
		this.conditions = conditions;
	}

	@Override
	public synchronized void start() {
		this.running = true;
		List<ConsumerStartCondition> awaited = this.conditions.get();
		String description = String.join(", ", awaited.stream().map(ConsumerStartCondition::description).toList());
		this.waitingFor = description;
		this.awaitingConditions = Mono.when(awaited.stream().map(ConsumerStartCondition::met).toList())
			.publishOn(Schedulers.boundedElastic())
			.subscribe(null, (ex) -> {
				this.waitingFor = description + ", which failed: " + ex;
				log.error("Consumers not started: waiting for {} failed", description, ex);
			}, this::startConsumers);
	}

	private synchronized void startConsumers() {
		if (!this.running || this.waitingFor == null) {
			return;
		}
		this.consumers.get().forEach((consumer) -> this.subscriptions.add(consumer.start()));
		this.waitingFor = null;
	}

	/**
	 * What the consumers wait for before they start, empty once they have started (or
	 * while the service is stopped).
	 */
	Optional<String> waitingFor() {
		return this.running ? Optional.ofNullable(this.waitingFor) : Optional.empty();
	}

	@Override
	public synchronized void stop() {
		if (this.awaitingConditions != null) {
			this.awaitingConditions.dispose();
			this.awaitingConditions = null;
		}
		// All at once: the service's stop waits for the slowest consumer, not for their
		// sum.
		Flux.fromIterable(this.subscriptions)
			.flatMap((subscription) -> subscription.drain(this.drainTimeout))
			.then()
			.block();
		this.subscriptions.forEach(EventSubscription::dispose);
		this.subscriptions.clear();
		this.running = false;
		this.waitingFor = null;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Late start, early stop: after the web server, the publisher and the database. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 100;
	}

}
