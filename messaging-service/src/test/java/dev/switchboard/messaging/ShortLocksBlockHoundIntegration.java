package dev.switchboard.messaging;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Locks held for microseconds, around no I/O; under contention the waiting thread parks
 * for the moment another holds them:
 * <ul>
 * <li>the shared Redis connection is handed out under two (the factory's and the
 * connection's), and Lettuce counts the threads writing to it under one; the connection
 * itself is opened from a worker (see the governor's {@code RedisConnectionWarmUp});</li>
 * <li>a Resilience4j circuit breaker records each outcome in its sliding window under
 * one.</li>
 * </ul>
 */
public class ShortLocksBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder
			.allowBlockingCallsInside(
					"org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory$SharedConnection",
					"getConnection")
			.allowBlockingCallsInside("org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory",
					"getSharedReactiveConnection")
			.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters")
			.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "decrementWriters")
			.allowBlockingCallsInside("io.github.resilience4j.core.metrics.FixedSizeSlidingWindowMetrics", "record")
			.allowBlockingCallsInside("io.github.resilience4j.core.metrics.SlidingTimeWindowMetrics", "record");
	}

}
