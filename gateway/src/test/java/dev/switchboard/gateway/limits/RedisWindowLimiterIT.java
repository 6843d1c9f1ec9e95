package dev.switchboard.gateway.limits;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.switchboard.infra.SharedInfra;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limit script itself, as shipped in the jar, against the real Redis: windows of a
 * key and of its tenant counted together, a refused request counted nowhere, and the
 * decision the 429 answer's headers are written from. Day-long windows: a window starting
 * over in the middle of a test is a one in tens of thousands chance.
 */
class RedisWindowLimiterIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static LettuceConnectionFactory connections;

	private static RedisWindowLimiter limiter;

	/** A tenant of its own per run: its counters start at zero. */
	private final String tenant = "limits-it-" + System.nanoTime();

	@BeforeAll
	static void connect() throws Exception {
		connections = new LettuceConnectionFactory(
				LettuceConnectionFactory.createRedisConfiguration(SharedInfra.get().redis().url()));
		connections.afterPropertiesSet();
		connections.start();
		limiter = new RedisWindowLimiter(new ReactiveStringRedisTemplate(connections));
	}

	@AfterAll
	static void disconnect() {
		if (connections != null) {
			connections.destroy();
		}
	}

	@Test
	void theTightestWindowOfKeyAndTenantDecidesAndARefusalIsCountedNowhere() {
		List<RateWindow> tenantWindows = RateWindow.parseAll(List.of("5/1d", "1000/31d"));
		List<RateWindow> keyWindows = RateWindow.parseAll(List.of("3/1d", "100/31d"));
		RateScopes first = new RateScopes(this.tenant, "k1", keyWindows, tenantWindows);
		for (int i = 0; i < 3; i++) {
			RateDecision decision = check(first);
			assertThat(decision.allowed()).isTrue();
			assertThat(decision.limit()).isEqualTo(3);
			assertThat(decision.remaining()).isEqualTo(2 - i);
			assertThat(decision.resetSeconds()).isBetween(1L, 86_400L);
			assertThat(decision.retryAfterSeconds()).isZero();
			assertThat(decision.source()).isEqualTo("redis");
		}
		RateDecision refused = check(first);
		assertThat(refused.allowed()).isFalse();
		assertThat(refused.limit()).isEqualTo(3);
		assertThat(refused.remaining()).isZero();
		assertThat(refused.retryAfterSeconds()).isEqualTo(refused.resetSeconds()).isBetween(1L, 86_400L);

		// The refused request left the tenant at 3 of 5: a second key gets two more.
		RateScopes second = new RateScopes(this.tenant, "k2", RateWindow.parseAll(List.of("10/1d")), tenantWindows);
		assertThat(check(second).remaining()).isEqualTo(1);
		RateDecision tenantsLast = check(second);
		assertThat(tenantsLast.allowed()).isTrue();
		assertThat(tenantsLast.limit()).isEqualTo(5);
		assertThat(tenantsLast.remaining()).isZero();
		RateDecision tenantFull = check(second);
		assertThat(tenantFull.allowed()).isFalse();
		assertThat(tenantFull.limit()).isEqualTo(5);
	}

	@Test
	void aRefusalIsAnsweredWithTheTightestWindowAndWhenToRetry() {
		RateScopes scopes = new RateScopes(this.tenant, "k1", RateWindow.parseAll(List.of("1/1d")), List.of());
		HttpHeaders allowedHeaders = new HttpHeaders();
		RateLimitHeaders.write(allowedHeaders, check(scopes));
		RateDecision refused = check(scopes);
		HttpHeaders refusedHeaders = new HttpHeaders();
		RateLimitHeaders.write(refusedHeaders, refused);

		assertThat(allowedHeaders.getFirst("RateLimit-Limit")).isEqualTo("1");
		assertThat(allowedHeaders.getFirst("RateLimit-Remaining")).isEqualTo("0");
		assertThat(allowedHeaders.getFirst(HttpHeaders.RETRY_AFTER)).isNull();
		assertThat(refusedHeaders.getFirst("RateLimit-Limit")).isEqualTo("1");
		assertThat(refusedHeaders.getFirst("RateLimit-Remaining")).isEqualTo("0");
		assertThat(refusedHeaders.getFirst(HttpHeaders.RETRY_AFTER))
			.isEqualTo(refusedHeaders.getFirst("RateLimit-Reset"))
			.isEqualTo(Long.toString(refused.retryAfterSeconds()));
		assertThat(RateLimitHeaders.refused(refused))
			.hasMessage("Rate limit exceeded, retry in " + refused.retryAfterSeconds() + " s");
	}

	private static RateDecision check(RateScopes scopes) {
		return limiter.check(scopes).block(TIMEOUT);
	}

}
