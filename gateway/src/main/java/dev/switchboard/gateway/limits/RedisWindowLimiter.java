package dev.switchboard.gateway.limits;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Every window of a key and its tenant checked and counted in one Lua script: one round
 * trip per request (EVALSHA), atomic, so concurrent requests on any number of replicas
 * never exceed a limit.
 */
@Component
class RedisWindowLimiter {

	private final ReactiveStringRedisTemplate redis;

	/**
	 * Read at start-up: reading it lazily would touch the class path on an event loop.
	 */
	@SuppressWarnings("rawtypes")
	private final RedisScript<List> script;

	RedisWindowLimiter(ReactiveStringRedisTemplate redis) throws IOException {
		this.redis = redis;
		this.script = RedisScript
			.of(new ClassPathResource("scripts/rate-limit.lua").getContentAsString(StandardCharsets.UTF_8), List.class);
		// Computes the SHA-1 now, for the same reason.
		this.script.getSha1();
	}

	Mono<RateDecision> check(RateScopes scopes) {
		List<String> keys = List.of(scopes.keyCounter(), scopes.tenantCounter());
		List<String> args = new ArrayList<>();
		addWindows(args, scopes.keyWindows());
		addWindows(args, scopes.tenantWindows());
		// Sent from a worker thread, never from an event loop: Lettuce hands its shared
		// connection to one writer at a time under a lock, and an event loop waiting for
		// that lock under concurrent load stalls every connection it serves. The caller
		// bounds the whole call with the Redis timeout and applies the outage policy.
		return this.redis.execute(this.script, keys, args)
			.next()
			.subscribeOn(Schedulers.boundedElastic())
			.map(RedisWindowLimiter::decision);
	}

	private static void addWindows(List<String> args, List<RateWindow> windows) {
		args.add(Integer.toString(windows.size()));
		for (RateWindow window : windows) {
			args.add(Long.toString(window.limit()));
			args.add(Long.toString(window.window().toMillis()));
		}
	}

	private static RateDecision decision(List<?> result) {
		boolean allowed = number(result, 0) == 1;
		long retry = number(result, 4);
		return new RateDecision(allowed, number(result, 1), number(result, 2),
				RateDecision.ceilSeconds(number(result, 3)), allowed ? 0 : RateDecision.ceilSeconds(retry), "redis");
	}

	private static long number(List<?> result, int index) {
		return ((Number) result.get(index)).longValue();
	}

}
