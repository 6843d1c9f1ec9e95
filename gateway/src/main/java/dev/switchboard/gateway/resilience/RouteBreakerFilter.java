package dev.switchboard.gateway.resilience;

import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import dev.switchboard.gateway.web.GatewayProblem;

/**
 * A Resilience4j circuit breaker per route, around the call to the service: when too many
 * recent calls failed (unreachable, timed out, 5xx) the route answers 503 problem+json at
 * once instead of piling requests onto a service that is down, then lets a few calls
 * through to see whether it recovered. Runs after authentication and rate limiting, so
 * refused callers never count. Each breaker's state and calls are meters
 * ({@code resilience4j.circuitbreaker.*}, tag {@code name} = the route id), registered
 * with the breaker on the route's first call.
 */
@Component
class RouteBreakerFilter implements GlobalFilter, Ordered {

	private static final Logger log = LoggerFactory.getLogger(RouteBreakerFilter.class);

	private final CircuitBreakerRegistry breakers;

	private final BreakerProperties properties;

	RouteBreakerFilter(BreakerProperties properties, MeterRegistry meters) {
		this.properties = properties;
		this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
			.failureRateThreshold(properties.failureRateThreshold())
			.slidingWindowSize(properties.slidingWindowSize())
			.minimumNumberOfCalls(properties.minimumCalls())
			.waitDurationInOpenState(properties.waitInOpen())
			.permittedNumberOfCallsInHalfOpenState(properties.permittedCallsInHalfOpen())
			.automaticTransitionFromOpenToHalfOpenEnabled(false)
			.build());
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(this.breakers).bindTo(meters);
	}

	@Override
	public int getOrder() {
		return 10_000;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (!this.properties.enabled() || route == null) {
			return chain.filter(exchange);
		}
		CircuitBreaker breaker = this.breakers.circuitBreaker(route.getId());
		if (!breaker.tryAcquirePermission()) {
			exchange.getResponse()
				.getHeaders()
				.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, this.properties.waitInOpen().toSeconds())));
			return Mono.error(GatewayProblem.of(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE",
					"The service behind this API is failing, calls are paused for a moment; retry later"));
		}
		long start = System.nanoTime();
		return chain.filter(exchange).doOnSuccess((done) -> {
			long took = System.nanoTime() - start;
			HttpStatusCode status = exchange.getResponse().getStatusCode();
			if (status != null && status.is5xxServerError()) {
				breaker.onError(took, TimeUnit.NANOSECONDS, new UpstreamError(status.value()));
			}
			else {
				breaker.onSuccess(took, TimeUnit.NANOSECONDS);
			}
		}).doOnError((failure) -> {
			if (failure instanceof GatewayProblem) {
				// The gateway's own answer (e.g. a body over the limit), not the
				// service's.
				breaker.releasePermission();
				return;
			}
			breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, failure);
			if (breaker.getState() == CircuitBreaker.State.OPEN) {
				log.warn("Route {} breaker is open after: {}", route.getId(), failure.toString());
			}
		}).doOnCancel(breaker::releasePermission);
	}

	/** A 5xx answer from the service, counted as a failure. */
	static final class UpstreamError extends RuntimeException {

		UpstreamError(int status) {
			super("Upstream answered " + status, null, false, false);
		}

	}

}
