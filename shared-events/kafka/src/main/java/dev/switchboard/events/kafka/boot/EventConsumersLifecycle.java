package dev.switchboard.events.kafka.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.EventSubscription;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.kafka.TopicAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Creates the catalog's topics (when asked to) and then starts the service's consumers,
 * after everything else is up; stops the consumers first on shutdown so that in-flight
 * work finishes and offsets are committed before the database pool closes.
 */
final class EventConsumersLifecycle implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(EventConsumersLifecycle.class);

	private final KafkaSettings settings;

	private final boolean createTopics;

	private final Supplier<List<EventConsumer<?>>> consumers;

	private final List<EventSubscription> subscriptions = new ArrayList<>();

	private volatile boolean running;

	EventConsumersLifecycle(KafkaSettings settings, boolean createTopics, Supplier<List<EventConsumer<?>>> consumers) {
		this.settings = settings;
		this.createTopics = createTopics;
		this.consumers = consumers;
	}

	@Override
	public synchronized void start() {
		if (this.createTopics) {
			createTopics();
		}
		this.consumers.get().forEach((consumer) -> this.subscriptions.add(consumer.start()));
		this.running = true;
	}

	/**
	 * Producing right after a topic appears can stall, so topics must exist (with
	 * leaders) before the first publish. Kafka being down does not stop start-up:
	 * publishing fails (and is answered or retried accordingly) until it is back.
	 */
	private void createTopics() {
		try {
			TopicAdmin.ensureTopics(this.settings, Topic.values()).block(this.settings.deliveryTimeout());
		}
		catch (RuntimeException ex) {
			log.warn("Kafka topics not confirmed at {} ({}); publishing fails until Kafka is reachable",
					this.settings.bootstrapServers(), ex.toString());
		}
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

	/** Late start, early stop: after the web server, the publisher and the database. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 100;
	}

}
