package dev.switchboard.events.kafka.boot;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.kafka.TopicAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Creates the catalog's topics (when asked to) before anything that publishes starts: the
 * outbox relay starts early so that it can stop last, and producing right after a topic
 * appears can stall, so topics must exist (with leaders) before the first publish. Kafka
 * being down does not stop start-up: publishing fails (and is answered or retried
 * accordingly) until it is back.
 */
final class CatalogTopicsLifecycle implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(CatalogTopicsLifecycle.class);

	/** Before the outbox relay ({@code DEFAULT_PHASE - 4096}) and the web server. */
	static final int PHASE = Integer.MAX_VALUE - 8192;

	private final KafkaSettings settings;

	private final boolean createTopics;

	private volatile boolean running;

	/**
	 * @param createTopics whether to create them (local and tests; production topics are
	 * provisioned)
	 */
	CatalogTopicsLifecycle(KafkaSettings settings, boolean createTopics) {
		this.settings = settings;
		this.createTopics = createTopics;
	}

	@Override
	public void start() {
		this.running = true;
		if (!this.createTopics) {
			return;
		}
		try {
			TopicAdmin.ensureTopics(this.settings, Topic.values()).block(this.settings.deliveryTimeout());
		}
		catch (RuntimeException ex) {
			log.warn("Kafka topics not confirmed at {} ({}); publishing fails until Kafka is reachable",
					this.settings.bootstrapServers(), ex.toString());
		}
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
