package dev.switchboard.messaging;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * A lock held for microseconds, around no I/O: a Resilience4j circuit breaker records
 * each outcome in its sliding window under one, and under contention the waiting thread
 * parks for the moment another holds it. (The shared Redis connection's locks are allowed
 * by {@code shared-events-redis}.)
 */
public class ShortLocksBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside("io.github.resilience4j.core.metrics.FixedSizeSlidingWindowMetrics", "record")
			.allowBlockingCallsInside("io.github.resilience4j.core.metrics.SlidingTimeWindowMetrics", "record");
	}

}
