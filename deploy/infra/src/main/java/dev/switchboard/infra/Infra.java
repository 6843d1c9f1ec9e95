package dev.switchboard.infra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka, PostgreSQL and Redis for the local stack and the integration tests: embedded by
 * default, in Docker containers when a Docker engine is present, or external servers
 * named by {@code SWITCHBOARD_KAFKA_BOOTSTRAP}, {@code SWITCHBOARD_POSTGRES_URL} (with
 * {@code _USER}, {@code _PASSWORD}) and {@code SWITCHBOARD_REDIS_URL}. The
 * {@code switchboard.infra.mode} system property or {@code SWITCHBOARD_INFRA_MODE}
 * ({@code embedded|containers|external}) forces one mode for all three.
 * <p>
 * Closing stops what was started here (never external servers); a JVM shutdown hook
 * closes it too, so child processes do not outlive the JVM.
 */
public final class Infra implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Infra.class);

	private static final Duration SHUTDOWN_HOOK_BUDGET = Duration.ofSeconds(15);

	private final KafkaEndpoint kafka;

	private final PostgresEndpoint postgres;

	private final RedisEndpoint redis;

	private final InfraData data;

	private final Thread shutdownHook;

	private boolean closed;

	private Infra(KafkaEndpoint kafka, PostgresEndpoint postgres, RedisEndpoint redis, InfraData data) {
		this.kafka = kafka;
		this.postgres = postgres;
		this.redis = redis;
		this.data = data;
		this.shutdownHook = new Thread(this::close, "switchboard-infra-shutdown");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * Starts (or locates) Kafka, PostgreSQL and Redis and returns once all three answer.
	 * @param options ports and data directory
	 * @return the running infrastructure
	 */
	public static Infra start(InfraOptions options) {
		return start(options, InfraSettings.fromEnvironment(), DockerProbe::isDockerAvailable);
	}

	static Infra start(InfraOptions options, InfraSettings settings, BooleanSupplier dockerAvailable) {
		BooleanSupplier docker = memoize(dockerAvailable);
		InfraMode kafkaMode = settings.kafkaMode(docker);
		InfraMode postgresMode = settings.postgresMode(docker);
		InfraMode redisMode = settings.redisMode(docker);
		log.info("Starting infrastructure: Kafka {}, PostgreSQL {}, Redis {}", kafkaMode.label(), postgresMode.label(),
				redisMode.label());
		InfraData data = InfraData.prepare(options);
		Providers providers = new Providers(options, settings, data);
		// In parallel: PostgreSQL's start dominates, Kafka's overlaps it.
		ExecutorService executor = Executors.newFixedThreadPool(3, (task) -> {
			Thread thread = new Thread(task, "switchboard-infra-start");
			thread.setDaemon(true);
			return thread;
		});
		try {
			CompletableFuture<KafkaEndpoint> kafka = CompletableFuture.supplyAsync(() -> providers.kafka(kafkaMode),
					executor);
			CompletableFuture<PostgresEndpoint> postgres = CompletableFuture
				.supplyAsync(() -> providers.postgres(postgresMode), executor);
			CompletableFuture<RedisEndpoint> redis = CompletableFuture.supplyAsync(() -> providers.redis(redisMode),
					executor);
			List<Throwable> failures = new ArrayList<>();
			KafkaEndpoint kafkaEndpoint = await(kafka, failures);
			PostgresEndpoint postgresEndpoint = await(postgres, failures);
			RedisEndpoint redisEndpoint = await(redis, failures);
			if (!failures.isEmpty()) {
				closeQuietly(redisEndpoint, postgresEndpoint, kafkaEndpoint);
				IllegalStateException failure = new IllegalStateException(
						"Infrastructure did not start: " + failures.get(0).getMessage(), failures.get(0));
				failures.stream().skip(1).forEach(failure::addSuppressed);
				throw failure;
			}
			return new Infra(kafkaEndpoint, postgresEndpoint, redisEndpoint, data);
		}
		finally {
			executor.shutdown();
		}
	}

	/**
	 * Returns Kafka.
	 * @return the Kafka endpoint
	 */
	public KafkaEndpoint kafka() {
		return this.kafka;
	}

	/**
	 * Returns PostgreSQL.
	 * @return the PostgreSQL endpoint
	 */
	public PostgresEndpoint postgres() {
		return this.postgres;
	}

	/**
	 * Returns Redis.
	 * @return the Redis endpoint
	 */
	public RedisEndpoint redis() {
		return this.redis;
	}

	/**
	 * Stops the servers started here and, for test options, deletes their data.
	 * Idempotent.
	 */
	@Override
	public void close() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		if (Thread.currentThread() == this.shutdownHook) {
			closeWithin(SHUTDOWN_HOOK_BUDGET);
			return;
		}
		removeShutdownHook();
		closeQuietly(this.redis, this.postgres, this.kafka);
		this.data.cleanUp();
		log.info("Infrastructure stopped");
	}

	/**
	 * At JVM exit the in-process broker can wedge on JMX locks held by other exiting
	 * threads; the servers in their own processes are stopped first and the wait is
	 * bounded, because a hook that never returns keeps the JVM (and a test fork) alive.
	 */
	private void closeWithin(Duration budget) {
		Thread closer = new Thread(() -> {
			closeQuietly(this.redis, this.postgres, this.kafka);
			this.data.cleanUp();
		}, "switchboard-infra-close");
		closer.setDaemon(true);
		closer.start();
		try {
			closer.join(budget.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (closer.isAlive()) {
			log.warn("Infrastructure did not stop within {}; exiting anyway", budget);
		}
		else {
			log.info("Infrastructure stopped");
		}
	}

	private void removeShutdownHook() {
		if (Thread.currentThread() == this.shutdownHook) {
			return;
		}
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// The JVM is already shutting down: the hook runs anyway.
		}
	}

	private static void closeQuietly(Object... endpoints) {
		for (Object endpoint : endpoints) {
			if (endpoint instanceof AutoCloseable closeable) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					log.warn("Could not stop {}", endpoint.getClass().getSimpleName(), ex);
				}
			}
		}
	}

	private static <T> T await(CompletableFuture<T> future, List<Throwable> failures) {
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			failures.add((ex.getCause() != null) ? ex.getCause() : ex);
			return null;
		}
	}

	private static BooleanSupplier memoize(BooleanSupplier supplier) {
		Supplier<Boolean> once = new Supplier<>() {

			private Boolean value;

			@Override
			public synchronized Boolean get() {
				if (this.value == null) {
					this.value = supplier.getAsBoolean();
					log.info("Docker engine {}", this.value ? "found" : "not found");
				}
				return this.value;
			}

		};
		return once::get;
	}

}
