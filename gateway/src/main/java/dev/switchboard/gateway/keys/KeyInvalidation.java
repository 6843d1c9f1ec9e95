package dev.switchboard.gateway.keys;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Makes a change to a key or a tenant reach every replica within a moment: deletes the
 * shared Redis entries and publishes the affected key prefixes on a Redis channel, which
 * every replica listens to and forgets its in-memory copies. If a message is missed
 * (Redis restarting), the in-memory entries still expire within the cache TTL.
 */
@Component
public class KeyInvalidation implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(KeyInvalidation.class);

	static final String CHANNEL = "gw:keys:invalidated";

	/** A lookup racing with the change may write the old value back; delete once more. */
	private static final Duration SECOND_DELETE = Duration.ofSeconds(1);

	private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(2);

	private final ApiKeyStore store;

	private final ApiKeyRedisCache shared;

	private final ApiKeyAuthenticator authenticator;

	private final ReactiveStringRedisTemplate redis;

	private final ReactiveRedisConnectionFactory connections;

	private volatile Disposable listening;

	KeyInvalidation(ApiKeyStore store, ApiKeyRedisCache shared, ApiKeyAuthenticator authenticator,
			ReactiveStringRedisTemplate redis, ReactiveRedisConnectionFactory connections) {
		this.store = store;
		this.shared = shared;
		this.authenticator = authenticator;
		this.redis = redis;
		this.connections = connections;
	}

	/**
	 * Spreads a change of a tenant (status, plan, creation) to its keys everywhere. Call
	 * after the change committed.
	 * @param tenantId the tenant
	 * @return completes when spread (never fails: a missed spread expires on its own)
	 */
	public Mono<Void> tenantChanged(String tenantId) {
		return this.store.prefixesOfTenant(tenantId).collectList().flatMap(this::keysChanged);
	}

	/**
	 * Spreads a change of keys everywhere. Call after the change committed.
	 * @param prefixes the changed keys' prefixes
	 * @return completes when spread (never fails)
	 */
	Mono<Void> keysChanged(Collection<String> prefixes) {
		this.authenticator.forget(prefixes);
		if (prefixes.isEmpty()) {
			return Mono.empty();
		}
		this.shared.delete(prefixes)
			.delaySubscription(SECOND_DELETE)
			.subscribe(null,
					(failure) -> log.debug("Second delete of key cache entries failed: {}", failure.toString()));
		return this.shared.delete(prefixes)
			// Off the event loop and bounded, like every Redis call of the gateway.
			.then(this.redis.convertAndSend(CHANNEL, String.join(",", prefixes))
				.subscribeOn(Schedulers.boundedElastic())
				.timeout(PUBLISH_TIMEOUT))
			.then()
			.onErrorResume((failure) -> {
				log.warn("Could not spread a change of {} API keys through Redis ({}); other replicas see it "
						+ "when their cache entries expire", prefixes.size(), failure.toString());
				return Mono.empty();
			});
	}

	@Override
	public void start() {
		// The container connects when created: create it inside the retried flow, so that
		// Redis being down at start-up delays listening instead of failing the start.
		this.listening = Mono.fromCallable(() -> new ReactiveRedisMessageListenerContainer(this.connections))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMapMany((container) -> container.receive(ChannelTopic.of(CHANNEL))
				.doFinally((signal) -> container.destroyLater()
					.subscribe(null, (failure) -> log.debug("Listener close failed: {}", failure.toString()))))
			.map((message) -> List.of(message.getMessage().split(",")))
			.doOnNext(this.authenticator::forget)
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(2)))
			.repeatWhen((completions) -> completions.delayElements(Duration.ofMillis(500)))
			.subscribe(null, (failure) -> log.warn("Key invalidation listener stopped: {}", failure.toString()));
	}

	@Override
	public void stop() {
		Disposable running = this.listening;
		if (running != null) {
			running.dispose();
		}
		this.listening = null;
	}

	@Override
	public boolean isRunning() {
		return this.listening != null;
	}

}
