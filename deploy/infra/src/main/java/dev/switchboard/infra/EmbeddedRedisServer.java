package dev.switchboard.infra;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * Redis as a child process from the embedded-redis binary. The binary, its working
 * directory and its files all live under the given directory, never in the system temp
 * directory; persistence is off.
 */
final class EmbeddedRedisServer implements RedisEndpoint, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedRedisServer.class);

	private static final String COMPONENT = "Redis";

	private static final String HOST = "127.0.0.1";

	private final RedisServer server;

	private final int port;

	private EmbeddedRedisServer(RedisServer server, int port) {
		this.server = server;
		this.port = port;
	}

	static EmbeddedRedisServer start(Path dir, int port) {
		EmbeddedRedisServer redis = new EmbeddedRedisServer(create(dir, port), port);
		redis.start();
		return redis;
	}

	private static RedisServer create(Path dir, int port) {
		try {
			Path bin = Files.createDirectories(dir.resolve("bin"));
			File executable = ExecutableProvider.newJarResourceProvider(bin.toFile()).get();
			// The command line replaces the builder, which would write a config file to
			// the
			// temp directory.
			List<String> args = List.of(executable.getAbsolutePath(), "--port", Integer.toString(port), "--bind", HOST,
					"--dir", dir.toAbsolutePath().toString(), "--save", "", "--appendonly", "no");
			return new RedisServer(port, args, false, (line) -> log.debug("redis: {}", line),
					(line) -> log.warn("redis: {}", line));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot prepare embedded Redis in " + dir, ex);
		}
	}

	@Override
	public String host() {
		return HOST;
	}

	@Override
	public int port() {
		return this.port;
	}

	@Override
	public String url() {
		return "redis://" + HOST + ":" + this.port;
	}

	@Override
	public synchronized void start() {
		if (this.server.isActive()) {
			return;
		}
		long startNanos = System.nanoTime();
		try {
			this.server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start embedded Redis on port " + this.port, ex);
		}
		StartLog.ready(COMPONENT, InfraMode.EMBEDDED, HOST + ":" + this.port, startNanos);
	}

	@Override
	public synchronized void stop() {
		if (!this.server.isActive()) {
			return;
		}
		long startNanos = System.nanoTime();
		try {
			this.server.stop();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot stop embedded Redis on port " + this.port, ex);
		}
		StartLog.stopped(COMPONENT, InfraMode.EMBEDDED, HOST + ":" + this.port, startNanos);
	}

	@Override
	public void close() {
		stop();
	}

}
