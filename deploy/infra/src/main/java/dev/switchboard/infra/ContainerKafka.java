package dev.switchboard.infra;

import java.time.Duration;

import org.testcontainers.kafka.KafkaContainer;

/**
 * Kafka in a Docker container ({@code apache/kafka}, KRaft).
 */
final class ContainerKafka implements KafkaEndpoint, AutoCloseable {

	static final String IMAGE = "apache/kafka:4.1.2";

	private static final String COMPONENT = "Kafka";

	private final KafkaContainer container;

	private boolean running = true;

	private ContainerKafka(KafkaContainer container) {
		this.container = container;
	}

	static ContainerKafka start(int hostPort) {
		long startNanos = System.nanoTime();
		KafkaContainer container = new KafkaContainer(IMAGE).withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
			.withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true");
		ContainerControl.bind(container, hostPort, 9092);
		container.start();
		ContainerKafka kafka = new ContainerKafka(container);
		StartLog.ready(COMPONENT, InfraMode.CONTAINERS, kafka.bootstrapServers(), startNanos);
		return kafka;
	}

	@Override
	public String bootstrapServers() {
		return this.container.getBootstrapServers();
	}

	@Override
	public synchronized void stop() {
		if (this.running) {
			long startNanos = System.nanoTime();
			ContainerControl.pause(this.container);
			this.running = false;
			StartLog.stopped(COMPONENT, InfraMode.CONTAINERS, bootstrapServers(), startNanos);
		}
	}

	@Override
	public synchronized void start() {
		if (!this.running) {
			long startNanos = System.nanoTime();
			ContainerControl.resume(this.container);
			KafkaReadiness.await(bootstrapServers(), Duration.ofSeconds(60));
			this.running = true;
			StartLog.ready(COMPONENT, InfraMode.CONTAINERS, bootstrapServers(), startNanos);
		}
	}

	@Override
	public void close() {
		this.container.stop();
	}

}
