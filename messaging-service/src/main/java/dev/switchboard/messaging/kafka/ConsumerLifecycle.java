package dev.switchboard.messaging.kafka;

import java.util.ArrayList;
import java.util.List;

import dev.switchboard.events.kafka.EventSubscription;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the feature consumers after every other bean (web server included) and stops
 * them first, so that a handler never runs against a closing database pool.
 */
class ConsumerLifecycle implements SmartLifecycle {

	private final List<ManagedConsumer> consumers;

	private final List<EventSubscription> subscriptions = new ArrayList<>();

	private volatile boolean running;

	ConsumerLifecycle(List<ManagedConsumer> consumers) {
		this.consumers = consumers;
	}

	@Override
	public synchronized void start() {
		this.consumers.forEach((consumer) -> this.subscriptions.add(consumer.start()));
		this.running = true;
	}

	@Override
	public synchronized void stop() {
		this.subscriptions.forEach(EventSubscription::close);
		this.subscriptions.clear();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// Later than the web server, so consumers stop before it does.
		return Integer.MAX_VALUE - 100;
	}

}
