package dev.switchboard.gateway.limits;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import dev.switchboard.gateway.limits.RateLimitProperties.Fallback;
import dev.switchboard.gateway.limits.RateLimitProperties.Plan;
import dev.switchboard.gateway.web.GatewayProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class RateLimiterTest {

	private final RedisWindowLimiter redis = mock(RedisWindowLimiter.class);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void usesThePlansWindowsUnlessTheKeyHasItsOwn() {
		given(this.redis.check(any())).willAnswer((invocation) -> {
			RateScopes scopes = invocation.getArgument(0);
			return Mono.just(new RateDecision(true, scopes.keyWindows().get(0).limit(), 1, 1, 0, "redis"));
		});
		RateLimiter limiter = limiter(Fallback.LOCAL);

		StepVerifier.create(limiter.check("t", "k", "standard", List.of()))
			.assertNext((decision) -> assertThat(decision.limit()).isEqualTo(50))
			.verifyComplete();
		StepVerifier.create(limiter.check("t", "k", "unknown-plan", List.of()))
			.assertNext((decision) -> assertThat(decision.limit()).isEqualTo(50))
			.verifyComplete();
		StepVerifier.create(limiter.check("t", "k", "standard", RateWindow.parseAll(List.of("7/1s"))))
			.assertNext((decision) -> assertThat(decision.limit()).isEqualTo(7))
			.verifyComplete();
	}

	@Test
	void redisOutageFallsBackToMemoryAndIsCounted() {
		given(this.redis.check(any())).willReturn(Mono.error(new IllegalStateException("redis down")));
		RateLimiter limiter = limiter(Fallback.LOCAL);

		StepVerifier.create(limiter.check("t", "k", "standard", List.of()))
			.assertNext((decision) -> assertThat(decision.source()).isEqualTo("local"))
			.verifyComplete();
		StepVerifier.create(limiter.check("t", "k", "standard", List.of()))
			.assertNext((decision) -> assertThat(decision.allowed()).isTrue())
			.verifyComplete();
		assertThat(this.meters.get("gateway.rate_limits.fallback").counter().count()).isEqualTo(2);
		assertThat(this.meters.get("gateway.rate_limits.degraded").gauge().value()).isEqualTo(1);
	}

	@Test
	void failClosedRefusesWhileRedisIsDownAndRecovers() {
		given(this.redis.check(any())).willReturn(Mono.error(new IllegalStateException("redis down")),
				Mono.just(new RateDecision(true, 50, 49, 1, 0, "redis")));
		RateLimiter limiter = new RateLimiter(properties(Fallback.FAIL_CLOSED, Duration.ZERO), this.redis, this.meters);

		StepVerifier.create(limiter.check("t", "k", "standard", List.of()))
			.verifyErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(GatewayProblem.class)
				.hasMessageContaining("cannot be checked"));
		StepVerifier.create(limiter.check("t", "k", "standard", List.of()))
			.assertNext((decision) -> assertThat(decision.source()).isEqualTo("redis"))
			.verifyComplete();
		assertThat(this.meters.get("gateway.rate_limits.degraded").gauge().value()).isZero();
	}

	@Test
	void countsAnOwnScopeInItsOwnWindowsOnly() {
		given(this.redis.check(any())).willAnswer((invocation) -> {
			RateScopes scopes = invocation.getArgument(0);
			assertThat(scopes.keyCounter()).isEqualTo("rl:{!failures}:k:203.0.113.7");
			assertThat(scopes.keyWindows()).containsExactly(RateWindow.parse("20/1m"));
			assertThat(scopes.tenantWindows()).isEmpty();
			return Mono.just(new RateDecision(true, 20, 19, 60, 0, "redis"));
		});
		RateLimiter limiter = new RateLimiter(
				new RateLimitProperties(false, Map.of("standard", new Plan(List.of("50/1s"), List.of("200/1s"))),
						"standard", Duration.ofMillis(250), Fallback.FAIL_CLOSED, Duration.ofMinutes(1)),
				this.redis, this.meters);

		StepVerifier.create(limiter.count("!failures", "203.0.113.7", RateWindow.parseAll(List.of("20/1m"))))
			.assertNext((decision) -> assertThat(decision.remaining()).isEqualTo(19))
			.verifyComplete();
	}

	@Test
	void countsInMemoryWhileRedisIsDownWhateverThePolicy() {
		given(this.redis.check(any())).willReturn(Mono.error(new IllegalStateException("redis down")));
		RateLimiter limiter = new RateLimiter(properties(Fallback.FAIL_CLOSED, Duration.ofMinutes(1)), this.redis,
				this.meters);
		List<RateWindow> windows = RateWindow.parseAll(List.of("2/1m"));

		StepVerifier.create(limiter.count("!failures", "203.0.113.7", windows))
			.assertNext((decision) -> assertThat(decision.source()).isEqualTo("local"))
			.verifyComplete();
		StepVerifier.create(limiter.count("!failures", "203.0.113.7", windows))
			.assertNext((decision) -> assertThat(decision.remaining()).isZero())
			.verifyComplete();
		StepVerifier.create(limiter.count("!failures", "203.0.113.7", windows))
			.assertNext((decision) -> assertThat(decision.allowed()).isFalse())
			.verifyComplete();
		assertThat(this.meters.get("gateway.rate_limits.fallback").counter().count()).isZero();
	}

	private RateLimiter limiter(Fallback fallback) {
		return new RateLimiter(properties(fallback, Duration.ofMinutes(1)), this.redis, this.meters);
	}

	private static RateLimitProperties properties(Fallback fallback, Duration probeInterval) {
		return new RateLimitProperties(true,
				Map.of("standard", new Plan(List.of("50/1s", "3000/1m"), List.of("200/1s"))), "standard",
				Duration.ofMillis(250), fallback, probeInterval);
	}

}
