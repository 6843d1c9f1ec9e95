package dev.switchboard.gateway.limits;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import dev.switchboard.gateway.web.GatewayProblem;

/**
 * Decides whether an authenticated request may proceed under its key's and tenant's
 * windows. Redis counts for all replicas; while Redis is unreachable the configured
 * fallback applies (per-replica memory, or refusal), the outage is logged once and
 * counted, and Redis is probed again every probe interval until it answers.
 */
@Component
public class RateLimiter {

	private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

	private final RateLimitProperties properties;

	private final RedisWindowLimiter redis;

	private final LocalRateLimiter local;

	private final Clock clock;

	private final Map<String, List<RateWindow>> keyWindows;

	private final Map<String, List<RateWindow>> tenantWindows;

	private final AtomicBoolean degraded = new AtomicBoolean();

	private final AtomicLong nextProbe = new AtomicLong();

	private final Counter redisFailures;

	private final Counter fallbackDecisions;

	@Autowired
	RateLimiter(RateLimitProperties properties, RedisWindowLimiter redis, MeterRegistry meters) {
		this(properties, redis, meters, Clock.systemUTC());
	}

	RateLimiter(RateLimitProperties properties, RedisWindowLimiter redis, MeterRegistry meters, Clock clock) {
		this.properties = properties;
		this.redis = redis;
		this.clock = clock;
		this.local = new LocalRateLimiter(clock);
		this.keyWindows = properties.plans()
			.entrySet()
			.stream()
			.collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
					(plan) -> RateWindow.parseAll(plan.getValue().key())));
		this.tenantWindows = properties.plans()
			.entrySet()
			.stream()
			.collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
					(plan) -> RateWindow.parseAll(plan.getValue().tenant())));
		this.redisFailures = Counter.builder("gateway.rate_limits.redis.failures")
			.description("Rate limit checks Redis did not answer")
			.register(meters);
		this.fallbackDecisions = Counter.builder("gateway.rate_limits.fallback")
			.description("Rate limit decisions taken by the fallback policy while Redis was unreachable")
			.tag("policy", properties.fallback().name())
			.register(meters);
		meters.gauge("gateway.rate_limits.degraded", this.degraded, (flag) -> flag.get() ? 1 : 0);
	}

	/**
	 * Checks and counts one request.
	 * @param tenantId the tenant
	 * @param keyId the API key
	 * @param plan the tenant's plan
	 * @param keyOverride the key's own windows, or {@code null} for the plan's
	 * @return the decision; fails with a 503 problem only under the fail-closed policy
	 */
	public Mono<RateDecision> check(String tenantId, String keyId, String plan, List<RateWindow> keyOverride) {
		if (!this.properties.enabled()) {
			return Mono.just(RateDecision.UNLIMITED);
		}
		String known = this.keyWindows.containsKey(plan) ? plan : this.properties.defaultPlan();
		List<RateWindow> forKey = (keyOverride != null && !keyOverride.isEmpty()) ? keyOverride
				: this.keyWindows.get(known);
		RateScopes scopes = new RateScopes(tenantId, keyId, forKey, this.tenantWindows.get(known));
		if (this.degraded.get() && !probeDue()) {
			return Mono.fromSupplier(() -> fallback(scopes));
		}
		// Bounded: Redis not answering (down, slow, a command lost) ends in the
		// configured policy (LOCAL or FAIL_CLOSED), counted and logged once per outage,
		// never in a request left without an answer.
		return this.redis.check(scopes)
			.timeout(this.properties.redisTimeout())
			.doOnNext((decision) -> recovered())
			.onErrorResume((failure) -> Mono.fromSupplier(() -> {
				unreachable(failure);
				return fallback(scopes);
			}));
	}

	/**
	 * Counts one event of a subject in windows of its own, outside any tenant (failed
	 * authentications per client address), the way requests are counted: shared by the
	 * replicas in Redis, counted only while every window has room. While Redis is
	 * unreachable it is counted in this replica's memory whatever the fallback policy:
	 * refusing to count would protect nothing. Counted even when rate limits are
	 * disabled.
	 * @param scope what is counted, e.g. {@code !auth-failures}; must not be a tenant id
	 * @param subject who is counted, e.g. a client address
	 * @param windows the windows
	 * @return the decision; {@code remaining} 0 means the window is now full
	 */
	public Mono<RateDecision> count(String scope, String subject, List<RateWindow> windows) {
		RateScopes scopes = new RateScopes(scope, subject, windows, List.of());
		if (this.degraded.get() && !probeDue()) {
			return Mono.fromSupplier(() -> this.local.check(scopes));
		}
		return this.redis.check(scopes)
			.timeout(this.properties.redisTimeout())
			.doOnNext((decision) -> recovered())
			.onErrorResume((failure) -> Mono.fromSupplier(() -> {
				unreachable(failure);
				return this.local.check(scopes);
			}));
	}

	private boolean probeDue() {
		long now = this.clock.millis();
		long due = this.nextProbe.get();
		return now >= due && this.nextProbe.compareAndSet(due, now + this.properties.probeInterval().toMillis());
	}

	private void unreachable(Throwable failure) {
		this.redisFailures.increment();
		this.nextProbe.set(this.clock.millis() + this.properties.probeInterval().toMillis());
		if (this.degraded.compareAndSet(false, true)) {
			log.warn("Redis does not answer rate limit checks ({}); policy {} applies until it does",
					failure.toString(), this.properties.fallback());
		}
	}

	private void recovered() {
		if (this.degraded.compareAndSet(true, false)) {
			log.info("Redis answers rate limit checks again; limits are shared by all replicas again");
		}
	}

	private RateDecision fallback(RateScopes scopes) {
		this.fallbackDecisions.increment();
		if (this.properties.fallback() == RateLimitProperties.Fallback.FAIL_CLOSED) {
			throw GatewayProblem.of(HttpStatus.SERVICE_UNAVAILABLE, "RATE_LIMITS_UNAVAILABLE",
					"Rate limits cannot be checked right now, retry later");
		}
		return this.local.check(scopes);
	}

}
