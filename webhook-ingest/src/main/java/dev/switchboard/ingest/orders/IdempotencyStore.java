package dev.switchboard.ingest.orders;

import java.time.Duration;
import java.util.Map;

import dev.switchboard.events.EventJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Remembers the answer given to a delivery, in Redis, for a limited time. It is an
 * optimisation only (consumers deduplicate by event id): when Redis does not answer in
 * time the request goes on as if the key were new, and the miss is counted.
 */
@Component
class IdempotencyStore {

	private static final Logger log = LoggerFactory.getLogger(IdempotencyStore.class);

	private static final String PREFIX = "ingest:orders:idempotency:";

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final ReactiveStringRedisTemplate redis;

	private final OrderMetrics metrics;

	private final Duration ttl;

	private final Duration timeout;

	IdempotencyStore(ReactiveStringRedisTemplate redis, OrderMetrics metrics, OrderSourceProperties properties) {
		this.redis = redis;
		this.metrics = metrics;
		this.ttl = properties.orderIdempotencyTtl();
		this.timeout = properties.orderIdempotencyTimeout();
	}

	/** The answer stored for a key, or empty when none (or Redis is unavailable). */
	Mono<OrderAnswer> find(String tenantId, String source, String key) {
		return guard(this.redis.opsForValue().get(redisKey(tenantId, source, key)), "read")
			.flatMap((json) -> Mono.justOrEmpty(decode(json)));
	}

	/** Stores the first answer of a key; a later one never overwrites it. */
	Mono<Void> remember(String tenantId, String source, String key, OrderAnswer answer) {
		String json = EventJson.mapper().writeValueAsString(Map.of("status", answer.status(), "body", answer.body()));
		return guard(this.redis.opsForValue().setIfAbsent(redisKey(tenantId, source, key), json, this.ttl), "write")
			.then();
	}

	/**
	 * The first use of the connection may block while it connects, so the call starts off
	 * the event loop; any failure or delay means "no answer stored".
	 */
	private <T> Mono<T> guard(Mono<T> operation, String what) {
		return Mono.defer(() -> operation)
			.subscribeOn(Schedulers.boundedElastic())
			.timeout(this.timeout)
			.onErrorResume((ex) -> {
				this.metrics.idempotencyUnavailable();
				log.warn("Idempotency store unavailable ({}), going on without it: {}", what, ex.toString());
				return Mono.empty();
			});
	}

	private static OrderAnswer decode(String json) {
		try {
			Map<String, Object> stored = EventJson.mapper().readValue(json, MAP);
			@SuppressWarnings("unchecked")
			Map<String, Object> body = (Map<String, Object>) stored.get("body");
			return new OrderAnswer(((Number) stored.get("status")).intValue(), body);
		}
		catch (JacksonException | ClassCastException | NullPointerException ex) {
			log.warn("Ignoring an unreadable stored answer: {}", ex.toString());
			return null;
		}
	}

	private static String redisKey(String tenantId, String source, String key) {
		return PREFIX + tenantId + ":" + source + ":" + key;
	}

}
