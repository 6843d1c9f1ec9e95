package dev.switchboard.e2e;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The service JVMs a test started itself, found by the port they serve.
 */
final class ChildProcesses {

	private ChildProcesses() {
	}

	/**
	 * Kills (SIGKILL) the JVM this test started that serves the port, and waits until it
	 * is gone.
	 * @throws java.util.NoSuchElementException when no such JVM runs
	 */
	static void killServing(int port) throws Exception {
		ProcessHandle victim = serving(port).orElseThrow();
		victim.destroyForcibly();
		victim.onExit().get(30, TimeUnit.SECONDS);
	}

	/** The JVM this test started that serves the port. */
	static Optional<ProcessHandle> serving(int port) {
		return ProcessHandle.current()
			.children()
			.filter((child) -> child.info()
				.arguments()
				.map((args) -> List.of(args).contains("--server.port=" + port))
				.orElse(false))
			.findFirst();
	}

}
