package dev.switchboard.messaging.messages.delivery;

import java.time.Duration;

import dev.switchboard.messaging.channels.Channel;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.timelimiter.TimeLimiterOperator;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Resilience4j per channel: a circuit breaker (only transient failures and unknown
 * outcomes count: a permanent refusal says the provider is healthy) and a time limiter
 * around every provider call, plus the retry backoff (exponential, with jitter). Each
 * breaker's state and calls are meters ({@code resilience4j.circuitbreaker.*}, tag
 * {@code name} = tenant:channel), registered with the breaker on the channel's first
 * send.
 */
@Component
public class ChannelBreakers {

	private final CircuitBreakerRegistry breakers;

	private final TimeLimiterRegistry limiters;

	private final IntervalFunction backoff;

	ChannelBreakers(DeliveryProperties properties, ObjectProvider<MeterRegistry> meters) {
		CircuitBreakerConfig breaker = CircuitBreakerConfig.custom()
			.failureRateThreshold(properties.breakerFailureRate())
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(properties.breakerWindow())
			.minimumNumberOfCalls(Math.min(10, properties.breakerWindow()))
			.waitDurationInOpenState(properties.breakerOpenFor())
			.permittedNumberOfCallsInHalfOpenState(3)
			.automaticTransitionFromOpenToHalfOpenEnabled(false)
			.recordException(ChannelBreakers::countsAgainstProvider)
			.build();
		this.breakers = CircuitBreakerRegistry.of(breaker);
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(this.breakers)
			.bindTo(meters.getIfAvailable(SimpleMeterRegistry::new));
		this.limiters = TimeLimiterRegistry
			.of(TimeLimiterConfig.custom().timeoutDuration(properties.callTimeout()).cancelRunningFuture(true).build());
		this.backoff = IntervalFunction.ofExponentialRandomBackoff(properties.retryBackoff(), 2.0,
				properties.retryJitter());
	}

	/** The call guarded by the channel's time limiter and circuit breaker. */
	<T> Mono<T> guard(Channel channel, Mono<T> call) {
		TimeLimiter limiter = this.limiters.timeLimiter(name(channel));
		CircuitBreaker breaker = breaker(channel);
		return call.transformDeferred(TimeLimiterOperator.of(limiter))
			.transformDeferred(CircuitBreakerOperator.of(breaker));
	}

	/** The channel's breaker (e.g. to read its state). */
	public CircuitBreaker breaker(Channel channel) {
		return this.breakers.circuitBreaker(name(channel));
	}

	/** Whether the breaker lets a call through now (it may move to half-open). */
	boolean permits(Channel channel) {
		CircuitBreaker breaker = breaker(channel);
		if (breaker.getState() == CircuitBreaker.State.OPEN && breaker.tryAcquirePermission()) {
			breaker.releasePermission();
			return true;
		}
		return breaker.getState() != CircuitBreaker.State.OPEN;
	}

	/** Wait before the given (1-based) retry. */
	Duration backoff(int attempt) {
		return Duration.ofMillis(this.backoff.apply(Math.max(1, attempt)));
	}

	static boolean isRejectedByBreaker(Throwable ex) {
		return ex instanceof CallNotPermittedException;
	}

	private static boolean countsAgainstProvider(Throwable ex) {
		if (ex instanceof ProviderException provider) {
			return provider.outcome() != ProviderException.Outcome.REJECTED
					|| ErrorCatalog.isTransient(provider.code());
		}
		return true;
	}

	private static String name(Channel channel) {
		return channel.tenantId() + ":" + channel.channelId();
	}

}
