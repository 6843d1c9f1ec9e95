package dev.switchboard.events.kafka.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.EventSubscription;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the service's consumers after the web server and everything else is up, and
 * stops them first on shutdown so that in-flight work finishes and offsets are committed.
 */
final class EventConsumersLifecycle implements SmartLifecycle {

	private final Supplier<List<EventConsumer<?>>> consumers;

	private final List<EventSubscription> subscriptions = new ArrayList<>();

	EventConsumersLifecycle(Supplier<List<EventConsumer<?>>> consumers) {
		this.consumers = consumers;
	}

	@Override
	public synchronized void start() {
		if (this.subscriptions.isEmpty()) {
			this.consumers.get().forEach((consumer) -> this.subscriptions.add(consumer.start()));
		}
	}

	@Override
	public synchronized void stop() {
		this.subscriptions.forEach(EventSubscription::close);
		this.subscriptions.clear();
	}

	@Override
	public synchronized boolean isRunning() {
		return !this.subscriptions.isEmpty();
	}

	/** Late start, early stop: after the publisher and the database are ready. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 100;
	}

}
