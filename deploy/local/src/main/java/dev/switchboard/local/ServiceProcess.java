package dev.switchboard.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service running in its own JVM, as in production: no auto-configuration of one
 * service can leak into another. Its output is forwarded line by line under the service's
 * name, and kept in a log file so that tests can read everything it printed.
 */
public final class ServiceProcess implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	/**
	 * Small heaps and the C1 compiler: six JVMs start together on a two-core laptop. The
	 * metaspace threshold above what a service loads: with the default (about 20 MB) each
	 * service paid three or four full collections while starting.
	 */
	public static final List<String> FAST_START_FLAGS = List.of("-Xms64m", "-Xmx384m", "-XX:TieredStopAtLevel=1",
			"-XX:+UseSerialGC", "-Xss512k", "-XX:MetaspaceSize=256m");

	/**
	 * How long a service may take to stop by itself after SIGTERM before it is killed:
	 * above what a service needs for its workers' rounds, its consumers' drain, its web
	 * server's graceful phase and its outbox relay's last round (docs/operations.md,
	 * "Shutdown"), as Kubernetes' termination grace is.
	 */
	public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(75);

	/** A JVM's exit code after it ran its shutdown hooks on SIGTERM (128 + 15). */
	public static final int EXIT_ON_SIGTERM = 143;

	private final ServiceSpec spec;

	private final Process process;

	private final Path logFile;

	/** Completes once everything the process printed is in the log file. */
	private final CompletableFuture<Void> outputRead;

	private ServiceProcess(ServiceSpec spec, Process process, Path logFile, CompletableFuture<Void> outputRead) {
		this.spec = spec;
		this.process = process;
		this.logFile = logFile;
		this.outputRead = outputRead;
	}

	/**
	 * Starts a service from its executable jar.
	 * @param spec the service
	 * @param repositoryRoot the checkout holding the built jars
	 * @param jvmFlags flags for the service's JVM
	 * @param springArgs Spring properties as {@code --key=value}
	 * @return the running process
	 * @throws IOException when the JVM cannot be started
	 */
	public static ServiceProcess start(ServiceSpec spec, Path repositoryRoot, List<String> jvmFlags,
			List<String> springArgs) throws IOException {
		Path jar = spec.jar(repositoryRoot);
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("Missing " + jar + ": build first with mvn -B -DskipTests install");
		}
		Path copy = JarSnapshot.of(jar);
		List<String> command = new ArrayList<>(jvmFlags);
		command.add("-jar");
		command.add(copy.toString());
		ServiceProcess service = start(spec, command, springArgs);
		service.process.onExit().thenRun(() -> JarSnapshot.delete(copy));
		return service;
	}

	/**
	 * Starts a service from any Java command line (class path and main class).
	 * @param spec the service
	 * @param javaArguments JVM flags and what to run, without the {@code java} executable
	 * @param springArgs Spring properties as {@code --key=value}
	 * @return the running process
	 * @throws IOException when the JVM cannot be started
	 */
	public static ServiceProcess start(ServiceSpec spec, List<String> javaArguments, List<String> springArgs)
			throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(javaArguments);
		command.add("--server.port=" + spec.port());
		command.addAll(springArgs);
		command.addAll(spec.extraArgs());
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		Logger log = LoggerFactory.getLogger(spec.name());
		Path logFile = Files.createTempFile(spec.name() + "-", ".log");
		CompletableFuture<Void> outputRead = new CompletableFuture<>();
		Thread pump = new Thread(() -> {
			forward(process, log, logFile);
			outputRead.complete(null);
		}, spec.name() + "-output");
		pump.setDaemon(true);
		pump.start();
		return new ServiceProcess(spec, process, logFile, outputRead);
	}

	private static void forward(Process process, Logger log, Path logFile) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
				Writer file = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
			String line;
			while ((line = reader.readLine()) != null) {
				log.info(line);
				file.write(line);
				file.write('\n');
				file.flush();
			}
		}
		catch (IOException ex) {
			log.debug("Output closed", ex);
		}
	}

	public ServiceSpec spec() {
		return this.spec;
	}

	/** CPU time the process used so far (zero where the platform does not tell). */
	public Duration cpuTime() {
		return this.process.info().totalCpuDuration().orElse(Duration.ZERO);
	}

	/** Everything the service printed so far, one line each (stdout and stderr). */
	public Path logFile() {
		return this.logFile;
	}

	/**
	 * Polls the health endpoint until it reports UP, the process dies or the deadline
	 * passes.
	 */
	public boolean awaitHealthy(Instant deadline) throws InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.spec.healthUrl()))
			.timeout(Duration.ofSeconds(2))
			.build();
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				return false;
			}
			try {
				HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
					return true;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			this.process.waitFor(250, TimeUnit.MILLISECONDS);
		}
		return false;
	}

	/**
	 * Asks the service to stop as Kubernetes does (SIGTERM): it stops taking requests,
	 * finishes what it handles, commits its consumers' offsets and closes its producers.
	 * @return completes with the exit code once the process is gone
	 * ({@value #EXIT_ON_SIGTERM} when it stopped by itself after the signal)
	 */
	public CompletableFuture<Integer> terminate() {
		// Through the handle: Process.destroy() also closes the process's output, and
		// what it prints while it stops would be lost.
		this.process.toHandle().destroy();
		return this.process.onExit().thenCombine(this.outputRead, (exited, read) -> exited.exitValue());
	}

	/**
	 * Stops the service (SIGTERM), and kills it (SIGKILL) should it still run after
	 * {@code grace}.
	 * @param grace how long it may take to stop by itself
	 * @return the exit code: {@value #EXIT_ON_SIGTERM} when it stopped by itself
	 */
	public int stop(Duration grace) {
		terminate();
		try {
			if (!this.process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				LoggerFactory.getLogger(this.spec.name()).warn("Did not stop within {} of SIGTERM: killing it", grace);
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
			return this.process.isAlive() ? -1 : this.process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
			return -1;
		}
	}

	/** Stops the service, giving it {@link #SHUTDOWN_GRACE} to stop by itself. */
	@Override
	public void close() {
		stop(SHUTDOWN_GRACE);
	}

}
