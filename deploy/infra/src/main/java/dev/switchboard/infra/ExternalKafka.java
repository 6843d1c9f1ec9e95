package dev.switchboard.infra;

/**
 * A Kafka cluster someone else runs.
 *
 * @param bootstrapServers the bootstrap servers, as given
 */
record ExternalKafka(String bootstrapServers) implements KafkaEndpoint {

	static ExternalKafka of(String bootstrapServers) {
		long startNanos = System.nanoTime();
		ExternalKafka kafka = new ExternalKafka(bootstrapServers);
		StartLog.ready("Kafka", InfraMode.EXTERNAL, bootstrapServers, startNanos);
		return kafka;
	}

	@Override
	public void stop() {
		throw new UnsupportedOperationException("Kafka at " + this.bootstrapServers + " is external: stop it yourself");
	}

	@Override
	public void start() {
		throw new UnsupportedOperationException(
				"Kafka at " + this.bootstrapServers + " is external: start it yourself");
	}

}
