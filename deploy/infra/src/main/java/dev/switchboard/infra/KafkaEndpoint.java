package dev.switchboard.infra;

/**
 * A running Kafka broker, as clients see it.
 */
public interface KafkaEndpoint {

	/**
	 * Returns the {@code bootstrap.servers} value for clients, e.g.
	 * {@code localhost:9092}.
	 * @return the bootstrap servers
	 */
	String bootstrapServers();

	/**
	 * Stops the broker (to simulate Kafka being down); a no-op when already stopped. Not
	 * supported for external servers.
	 */
	void stop();

	/**
	 * Starts the broker again on the same address with its data intact and returns once
	 * it answers metadata requests; a no-op when running. Not supported for external
	 * servers.
	 */
	void start();

}
