package dev.switchboard.http.blockhound;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * A lock held for microseconds, around no I/O: a Resilience4j circuit breaker records
 * each outcome in its sliding window under one, and under contention the waiting thread
 * parks for the moment another holds it. Every service's HTTP calls and routes run
 * through breakers on event loops (the gateway's routes, messaging's provider calls).
 */
public class CircuitBreakerBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside("io.github.resilience4j.core.metrics.FixedSizeSlidingWindowMetrics", "record")
			.allowBlockingCallsInside("io.github.resilience4j.core.metrics.SlidingTimeWindowMetrics", "record");
	}

}
