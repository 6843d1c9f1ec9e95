package dev.switchboard.messaging.governor;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Opens the shared Redis connection once the service is up, from a worker thread, so that
 * the first send does not wait for the handshake. Not at start-up: Redis is optional for
 * sending (the governor lets sends through without it), so a slow or absent Redis must
 * not keep the service from starting.
 * <p>
 * Until the connection is open a command is sent from a worker, because opening it is
 * blocking I/O; once it is, handing it out is a lock held for microseconds and commands
 * go out from the caller's thread (a hop per command cost more CPU than the command).
 */
@Component
class RedisConnectionWarmUp {

	private static final Logger log = LoggerFactory.getLogger(RedisConnectionWarmUp.class);

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private final ReactiveStringRedisTemplate redis;

	private volatile boolean open;

	RedisConnectionWarmUp(ReactiveStringRedisTemplate redis) {
		this.redis = redis;
	}

	@EventListener(ApplicationReadyEvent.class)
	void connect() {
		Mono.defer(() -> this.redis.hasKey("switchboard:warm-up"))
			.subscribeOn(Schedulers.boundedElastic())
			.timeout(PATIENCE)
			.subscribe((exists) -> this.open = true,
					(ex) -> log.warn("Redis not reachable yet ({}); sends go out unpaced until it is", ex.toString()));
	}

	/**
	 * The command, sent from a worker while the shared connection may still be opening.
	 */
	<T> Mono<T> offLoopUntilOpen(Mono<T> command) {
		if (this.open) {
			return command;
		}
		return command.subscribeOn(Schedulers.boundedElastic()).doOnNext((value) -> this.open = true);
	}

}
