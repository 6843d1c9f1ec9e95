package dev.switchboard.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where {@link Infra} runs its servers.
 *
 * @param fixedPorts true for a long-lived stack that must use exactly the given ports and
 * keeps its data after close (the local stack); false for a throwaway instance (tests)
 * that may fall back to free ports and deletes its data on close
 * @param kafkaPort Kafka listener port, 0 for any free port
 * @param postgresPort PostgreSQL port, 0 for any free port
 * @param redisPort Redis port, 0 for any free port
 * @param dataDir directory holding the servers' data in its {@code kafka},
 * {@code postgres} and {@code redis} folders, which are wiped at start
 */
public record InfraOptions(boolean fixedPorts, int kafkaPort, int postgresPort, int redisPort, Path dataDir) {

	/** Kafka port of the local stack. */
	public static final int LOCAL_KAFKA_PORT = 9092;

	/** PostgreSQL port of the local stack. */
	public static final int LOCAL_POSTGRES_PORT = 5432;

	/** Redis port of the local stack. */
	public static final int LOCAL_REDIS_PORT = 6379;

	public InfraOptions {
		Objects.requireNonNull(dataDir, "dataDir");
		checkPort("kafkaPort", kafkaPort);
		checkPort("postgresPort", postgresPort);
		checkPort("redisPort", redisPort);
		dataDir = dataDir.toAbsolutePath().normalize();
	}

	/**
	 * Options for an integration test run: free ports, data in a fresh folder under
	 * {@code target/switchboard-infra} (or the temp directory when there is no
	 * {@code target}), deleted on close.
	 * @return the options
	 */
	public static InfraOptions forTests() {
		try {
			Path target = Path.of("target");
			Path dir = Files.isDirectory(target)
					? Files.createTempDirectory(Files.createDirectories(target.resolve("switchboard-infra")), "run-")
					: Files.createTempDirectory("switchboard-infra-");
			return new InfraOptions(false, 0, 0, 0, dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create a data directory for the test infrastructure", ex);
		}
	}

	/**
	 * Options for the local stack: ports 9092, 5432 and 6379, data under
	 * {@code target/local-data}.
	 * @return the options
	 */
	public static InfraOptions local() {
		return local(Path.of("target", "local-data"));
	}

	/**
	 * Options for the local stack: ports 9092, 5432 and 6379, data under {@code dataDir}.
	 * @param dataDir where the servers keep their data
	 * @return the options
	 */
	public static InfraOptions local(Path dataDir) {
		return new InfraOptions(true, LOCAL_KAFKA_PORT, LOCAL_POSTGRES_PORT, LOCAL_REDIS_PORT, dataDir);
	}

	private static void checkPort(String name, int port) {
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException(name + " must be between 0 and 65535, was " + port);
		}
	}

}
