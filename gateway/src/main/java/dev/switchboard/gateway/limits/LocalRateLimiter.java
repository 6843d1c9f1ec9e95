package dev.switchboard.gateway.limits;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The same fixed windows as the Redis script, in this replica's memory: the fallback
 * while Redis is unreachable. Each replica then counts on its own.
 */
final class LocalRateLimiter {

	private final Clock clock;

	/** Counters per scope; a tenant's object also guards its keys' counters. */
	private final Cache<String, Map<Long, long[]>> counters = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofDays(32))
		.maximumSize(200_000)
		.build();

	private final Cache<String, Object> tenantLocks = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofDays(32))
		.maximumSize(100_000)
		.build();

	LocalRateLimiter(Clock clock) {
		this.clock = clock;
	}

	RateDecision check(RateScopes scopes) {
		Object lock = this.tenantLocks.get(scopes.tenantId(), (tenant) -> new Object());
		synchronized (lock) {
			long now = this.clock.millis();
			List<long[]> toCount = new ArrayList<>();
			Tightest tightest = new Tightest();
			boolean allowed = evaluate(scopes.keyCounter(), scopes.keyWindows(), now, toCount, tightest);
			allowed &= evaluate(scopes.tenantCounter(), scopes.tenantWindows(), now, toCount, tightest);
			if (allowed) {
				toCount.forEach((counter) -> counter[1]++);
			}
			return new RateDecision(allowed, tightest.limit, tightest.remaining,
					RateDecision.ceilSeconds(tightest.reset), allowed ? 0 : RateDecision.ceilSeconds(tightest.retry),
					"local");
		}
	}

	private boolean evaluate(String scope, List<RateWindow> windows, long now, List<long[]> toCount,
			Tightest tightest) {
		Map<Long, long[]> byLength = this.counters.get(scope, (name) -> new HashMap<>());
		boolean allowed = true;
		for (RateWindow window : windows) {
			long length = window.window().toMillis();
			long bucket = now / length;
			long[] counter = byLength.computeIfAbsent(length, (ignored) -> new long[] { bucket, 0 });
			if (counter[0] != bucket) {
				counter[0] = bucket;
				counter[1] = 0;
			}
			long reset = (bucket + 1) * length - now;
			long remaining = window.limit() - counter[1] - 1;
			if (remaining < 0) {
				allowed = false;
				remaining = 0;
				tightest.retry = Math.max(tightest.retry, reset);
			}
			if (tightest.remaining < 0 || remaining < tightest.remaining
					|| (remaining == tightest.remaining && reset > tightest.reset)) {
				tightest.limit = window.limit();
				tightest.remaining = remaining;
				tightest.reset = reset;
			}
			toCount.add(counter);
		}
		return allowed;
	}

	private static final class Tightest {

		long limit = -1;

		long remaining = -1;

		long reset;

		long retry;

	}

}
