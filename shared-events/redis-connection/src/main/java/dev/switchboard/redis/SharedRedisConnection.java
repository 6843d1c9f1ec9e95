package dev.switchboard.redis;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Sends Redis commands over Spring Data Redis's shared reactive connection without a
 * thread hop per command.
 * <p>
 * Opening the shared connection is blocking I/O, so until it is open a command is sent
 * from a worker thread. Once it is open, handing it out takes a lock held for
 * microseconds, and Lettuce reconnects it by itself, so commands go out from the caller's
 * thread, event loops included. A hop per command cost more CPU than the command, and
 * under load the hops queued past the callers' timeouts. {@link #open()} opens the
 * connection ahead of the first command. It is not done at start-up: Redis is optional
 * for these services, and a slow or absent Redis must not keep one from starting.
 */
public class SharedRedisConnection {

	private static final Logger log = LoggerFactory.getLogger(SharedRedisConnection.class);

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private final ReactiveStringRedisTemplate redis;

	private volatile boolean open;

	public SharedRedisConnection(ReactiveStringRedisTemplate redis) {
		this.redis = redis;
	}

	/** Opens the shared connection from a worker, in the background. */
	public void open() {
		command(Mono.defer(() -> this.redis.hasKey("switchboard:warm-up"))).timeout(PATIENCE)
			.subscribe(null,
					(ex) -> log.warn("Redis not reachable yet ({}); its users fall back until it is", ex.toString()));
	}

	/** Whether the shared connection has been opened. */
	public boolean isOpen() {
		return this.open;
	}

	/**
	 * The command, sent from a worker while the shared connection may still be opening.
	 */
	public <T> Mono<T> command(Mono<T> command) {
		if (this.open) {
			return command;
		}
		return command.subscribeOn(Schedulers.boundedElastic()).doOnSuccess((value) -> this.open = true);
	}

	/**
	 * The command, sent from a worker while the shared connection may still be opening.
	 */
	public <T> Flux<T> command(Flux<T> command) {
		if (this.open) {
			return command;
		}
		return command.subscribeOn(Schedulers.boundedElastic()).doOnComplete(() -> this.open = true);
	}

}
