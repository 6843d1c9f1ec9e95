package dev.switchboard.gateway.limits;

import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import dev.switchboard.redis.LuaScripts;

/**
 * Every window of a key and its tenant checked and counted in one Lua script
 * ({@code scripts/rate-limit.lua}): one round trip per request (EVALSHA), atomic, so
 * concurrent requests on any number of replicas never exceed a limit.
 * <p>
 * Fixed windows counted on Redis's clock, not the GCRA of messaging-service's send pacer,
 * although both decide together for every instance in one script: a request is admitted
 * or refused now, under several windows at once (a second to a month) of two scopes, each
 * window must have room before any counts it, and the answer tells the caller the
 * tightest window's limit, what is left of it and when it starts over (the RateLimit
 * headers), which is what a count per window is. The pacer never refuses: it hands each
 * send the time of its slot, spread evenly. The in-memory fallback
 * ({@link LocalRateLimiter}) counts the same windows. Shared: the script is loaded once
 * with {@link LuaScripts}.
 */
@Component
class RedisWindowLimiter {

	private final ReactiveStringRedisTemplate redis;

	/** Read and hashed at start-up: never from the class path on a request. */
	@SuppressWarnings("rawtypes")
	private final RedisScript<List> script;

	RedisWindowLimiter(ReactiveStringRedisTemplate redis) {
		this.redis = redis;
		this.script = LuaScripts.load("scripts/rate-limit.lua", List.class);
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
