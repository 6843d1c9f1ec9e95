package dev.switchboard.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded single-node Kafka in a JVM of its own, so that a test can kill it as a
 * crash would ({@link #kill()}: SIGKILL, no shutdown, only what the operating system
 * already holds survives) and start it again on the same ports with its data.
 * {@link #stop()} shuts it down gracefully instead. The broker's JVM ends with the JVM
 * that started it, however that one ends.
 */
public final class KafkaBrokerProcess implements KafkaEndpoint, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(KafkaBrokerProcess.class);

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

	/** A small heap and a quick start: the broker serves tests. */
	private static final List<String> JVM_FLAGS = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
			"-XX:TieredStopAtLevel=1", "-Xss512k", "-Dlogback.configurationFile=switchboard-infra-logback.xml");

	/**
	 * A killed broker's registration blocks its successor until its session times out (9
	 * s by default): a shorter session brings it back sooner.
	 */
	private static final Map<String, Object> RESTART_SOON = Map.of("broker.session.timeout.ms", "4000",
			"broker.heartbeat.interval.ms", "1000");

	private final Path dir;

	private final Path logFile;

	private final int port;

	private final int controllerPort;

	private Process process;

	private KafkaBrokerProcess(Path dir, int port, int controllerPort) {
		this.dir = dir.toAbsolutePath();
		this.logFile = this.dir.resolveSibling(this.dir.getFileName() + ".log");
		this.port = port;
		this.controllerPort = controllerPort;
	}

	/**
	 * Starts a broker on free ports, keeping its data in {@code dir} (created when
	 * missing), and returns once it answers metadata requests. Its output goes to {@code
	 *
	<dir>
	 * .log}.
	 * @param dir directory for the broker's logs and metadata
	 * @return the running broker
	 */
	public static KafkaBrokerProcess start(Path dir) {
		try {
			Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create " + dir, ex);
		}
		// Below the ephemeral range: while the broker is down, a client reconnecting to
		// its port could otherwise be given that very port as its own and keep it.
		int port = Ports.freeBelowEphemeral();
		int controllerPort = Ports.freeBelowEphemeral();
		while (controllerPort == port) {
			controllerPort = Ports.freeBelowEphemeral();
		}
		KafkaBrokerProcess broker = new KafkaBrokerProcess(dir, port, controllerPort);
		broker.start();
		return broker;
	}

	@Override
	public String bootstrapServers() {
		return "localhost:" + this.port;
	}

	/** The broker's output, from every start. */
	public Path logFile() {
		return this.logFile;
	}

	/**
	 * Starts the broker's JVM again on the same ports and data and returns once it
	 * answers metadata requests; a no-op when it runs.
	 */
	@Override
	public synchronized void start() {
		if (this.process != null && this.process.isAlive()) {
			return;
		}
		long startNanos = System.nanoTime();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(JVM_FLAGS);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), KafkaBrokerProcess.class.getName(),
				this.dir.toString(), Integer.toString(this.port), Integer.toString(this.controllerPort)));
		try {
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(Redirect.appendTo(this.logFile.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start a JVM for Kafka", ex);
		}
		awaitReady();
		log.info("Kafka (own process {}) ready at {} in {} ms", this.process.pid(), bootstrapServers(),
				StartLog.elapsedMillis(startNanos));
	}

	/**
	 * Kills the broker's JVM (SIGKILL) and returns once it is gone; a no-op when it is
	 * not running.
	 */
	public synchronized void kill() {
		if (this.process == null || !this.process.isAlive()) {
			return;
		}
		this.process.destroyForcibly();
		awaitExit(STOP_TIMEOUT);
		log.info("Kafka (own process {}) at {} killed", this.process.pid(), bootstrapServers());
	}

	/**
	 * Shuts the broker down gracefully (SIGTERM) and returns once its JVM is gone; a
	 * no-op when it is not running.
	 */
	@Override
	public synchronized void stop() {
		if (this.process == null || !this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		if (!awaitExit(STOP_TIMEOUT)) {
			log.warn("Kafka (own process {}) did not stop within {}; killing it", this.process.pid(), STOP_TIMEOUT);
			kill();
		}
	}

	@Override
	public void close() {
		stop();
	}

	private void awaitReady() {
		Instant deadline = Instant.now().plus(READY_TIMEOUT);
		// Quietly until the port is open (a client would log every refused connection),
		// then until the broker answers.
		while (!listening() && this.process.isAlive() && Instant.now().isBefore(deadline)) {
			awaitExit(Duration.ofMillis(200));
		}
		try {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("exited with " + this.process.exitValue());
			}
			Duration left = Duration.between(Instant.now(), deadline);
			KafkaReadiness.await(bootstrapServers(), left.isNegative() ? Duration.ofSeconds(1) : left);
		}
		catch (RuntimeException ex) {
			this.process.destroyForcibly();
			throw new IllegalStateException("Kafka in its own process did not start at " + bootstrapServers()
					+ " within " + READY_TIMEOUT + "; its output is in " + this.logFile, ex);
		}
	}

	private boolean listening() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private boolean awaitExit(Duration timeout) {
		try {
			return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
			return false;
		}
	}

	/**
	 * The broker's JVM: {@code
	 *
	<dir>
	 *  <port> <controller port>}. It stops the broker gracefully on SIGTERM, and halts
	 * when the JVM that started it is gone.
	 * @param args the data directory and the two ports
	 * @throws InterruptedException never: it waits until the JVM ends
	 */
	public static void main(String[] args) throws InterruptedException {
		ProcessHandle.current()
			.parent()
			.ifPresent((parent) -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(1)));
		EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.open(Path.of(args[0]), Integer.parseInt(args[1]),
				Integer.parseInt(args[2]), RESTART_SOON);
		Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-broker-shutdown"));
		new CountDownLatch(1).await();
	}

}
