package dev.switchboard.infra;

import java.util.Locale;

/**
 * How a server is provided.
 */
enum InfraMode {

	/** In this JVM (Kafka) or as a child process (PostgreSQL, Redis). */
	EMBEDDED,

	/** In a Docker container started with Testcontainers. */
	CONTAINERS,

	/** Already running somewhere, named by an environment variable. */
	EXTERNAL;

	static InfraMode parse(String value) {
		try {
			return valueOf(value.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"Unknown infrastructure mode '" + value + "': use embedded, containers or external", ex);
		}
	}

	String label() {
		return name().toLowerCase(Locale.ROOT);
	}

}
