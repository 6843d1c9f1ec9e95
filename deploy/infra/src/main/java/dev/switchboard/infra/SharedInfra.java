package dev.switchboard.infra;

/**
 * One {@link Infra} per JVM for integration tests, started on first use with
 * {@link InfraOptions#forTests()} and closed by a JVM shutdown hook. Tests that stop
 * Kafka or Redis must start them again before they finish.
 */
public final class SharedInfra {

	private static volatile Infra instance;

	private SharedInfra() {
	}

	/**
	 * Returns the JVM's infrastructure, starting it on first call; thread-safe. A failed
	 * start is retried by the next call.
	 * @return the running infrastructure
	 */
	public static Infra get() {
		Infra infra = instance;
		if (infra != null) {
			return infra;
		}
		synchronized (SharedInfra.class) {
			if (instance == null) {
				instance = Infra.start(InfraOptions.forTests());
			}
			return instance;
		}
	}

}
