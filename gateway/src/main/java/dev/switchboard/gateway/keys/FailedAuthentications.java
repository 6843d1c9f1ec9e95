package dev.switchboard.gateway.keys;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import dev.switchboard.gateway.limits.RateDecision;
import dev.switchboard.gateway.limits.RateLimiter;
import dev.switchboard.gateway.limits.RateWindow;
import dev.switchboard.gateway.web.GatewayProblem;

/**
 * Failed authentications per client address, so that a flood of made-up keys cannot keep
 * the key store busy. Failures are counted with the rate limiter (in Redis, shared by the
 * replicas), only when one happens. Once an address's window is full this replica
 * remembers it in memory until the window ends: checking an address costs nothing, and a
 * replica that has not yet noticed lets one more lookup through, then notices too.
 */
@Component
class FailedAuthentications {

	private static final Logger log = LoggerFactory.getLogger(FailedAuthentications.class);

	/**
	 * Not a tenant id (those cannot start with '!'), so no tenant's counters are touched.
	 */
	static final String SCOPE = "!auth-failures";

	private final RateLimiter limiter;

	private final List<RateWindow> windows;

	private final Clock clock;

	/** Until when (epoch millis) an address is refused. */
	private final Cache<String, Long> refusedUntil;

	private final Counter refusals;

	@Autowired
	FailedAuthentications(RateLimiter limiter, ApiKeyProperties properties, MeterRegistry meters) {
		this(limiter, properties, meters, Clock.systemUTC());
	}

	FailedAuthentications(RateLimiter limiter, ApiKeyProperties properties, MeterRegistry meters, Clock clock) {
		this.limiter = limiter;
		this.windows = properties.failureWindows();
		this.clock = clock;
		Duration longest = this.windows.stream()
			.map(RateWindow::window)
			.max(Comparator.naturalOrder())
			.orElse(Duration.ofSeconds(1));
		this.refusedUntil = Caffeine.newBuilder().expireAfterWrite(longest).maximumSize(100_000).build();
		this.refusals = Counter.builder("gateway.api_keys.refused_addresses")
			.description("Authentications refused (429) because the client address failed too often")
			.register(meters);
	}

	/**
	 * How long an address must wait before its keys are looked up again.
	 * @param address the client address
	 * @return whole seconds, 0 when the address may try now
	 */
	long refusedFor(String address) {
		Long until = this.refusedUntil.getIfPresent(address);
		if (until == null) {
			return 0;
		}
		long left = until - this.clock.millis();
		if (left <= 0) {
			this.refusedUntil.invalidate(address);
			return 0;
		}
		return (left + 999) / 1000;
	}

	/**
	 * Counts a failed authentication.
	 * @param address the client address
	 * @return completes when counted (never fails: a failure not counted is only a
	 * failure not limited)
	 */
	Mono<Void> failed(String address) {
		if (this.windows.isEmpty()) {
			return Mono.empty();
		}
		return this.limiter.count(SCOPE, address, this.windows).doOnNext((decision) -> {
			if (!decision.allowed() || decision.remaining() == 0) {
				refuse(address, decision);
			}
		}).onErrorResume((failure) -> {
			log.debug("Could not count a failed authentication: {}", failure.toString());
			return Mono.empty();
		}).then();
	}

	/**
	 * The 429 answer to an address over its limit.
	 * @param seconds when it may try again
	 * @return the problem
	 */
	GatewayProblem tooMany(long seconds) {
		this.refusals.increment();
		return GatewayProblem.of(HttpStatus.TOO_MANY_REQUESTS, "TOO_MANY_FAILED_AUTHENTICATIONS",
				"Too many failed authentications from this address, retry in " + seconds + " s");
	}

	private void refuse(String address, RateDecision decision) {
		long seconds = decision.allowed() ? decision.resetSeconds() : decision.retryAfterSeconds();
		if (this.refusedUntil.getIfPresent(address) == null) {
			log.warn("Client {} failed to authenticate too often; keys not already cached are refused for {} s",
					address, seconds);
		}
		this.refusedUntil.put(address, this.clock.millis() + seconds * 1000);
	}

}
