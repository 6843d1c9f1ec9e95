package dev.switchboard.infra;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Redis in a Docker container, persistence off.
 */
final class ContainerRedis implements RedisEndpoint, AutoCloseable {

	static final String IMAGE = "redis:7.4-alpine";

	private static final String COMPONENT = "Redis";

	private static final int REDIS_PORT = 6379;

	private final GenericContainer<?> container;

	private static final String READY_LOG = ".*Ready to accept connections.*";

	private boolean running = true;

	private int starts = 1;

	private ContainerRedis(GenericContainer<?> container) {
		this.container = container;
	}

	static ContainerRedis start(int hostPort) {
		long startNanos = System.nanoTime();
		GenericContainer<?> container = new GenericContainer<>(IMAGE).withExposedPorts(REDIS_PORT)
			.withCommand("redis-server", "--save", "", "--appendonly", "no")
			.waitingFor(Wait.forLogMessage(READY_LOG, 1));
		ContainerControl.bind(container, hostPort, REDIS_PORT);
		container.start();
		ContainerRedis redis = new ContainerRedis(container);
		StartLog.ready(COMPONENT, InfraMode.CONTAINERS, redis.host() + ":" + redis.port(), startNanos);
		return redis;
	}

	@Override
	public String host() {
		return this.container.getHost();
	}

	@Override
	public int port() {
		return this.container.getMappedPort(REDIS_PORT);
	}

	@Override
	public String url() {
		return "redis://" + host() + ":" + port();
	}

	@Override
	public synchronized void stop() {
		if (this.running) {
			long startNanos = System.nanoTime();
			ContainerControl.pause(this.container);
			this.running = false;
			StartLog.stopped(COMPONENT, InfraMode.CONTAINERS, host() + ":" + port(), startNanos);
		}
	}

	@Override
	public synchronized void start() {
		if (!this.running) {
			long startNanos = System.nanoTime();
			ContainerControl.resume(this.container);
			// The log keeps earlier runs: wait for one more ready line than before.
			this.starts++;
			Wait.forLogMessage(READY_LOG, this.starts).waitUntilReady(this.container);
			this.running = true;
			StartLog.ready(COMPONENT, InfraMode.CONTAINERS, host() + ":" + port(), startNanos);
		}
	}

	@Override
	public void close() {
		this.container.stop();
	}

}
