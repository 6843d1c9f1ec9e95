package dev.switchboard.gateway.limits;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalRateLimiterTest {

	private static final Instant NOW = Instant.parse("2026-11-23T12:00:00.250Z");

	private final LocalRateLimiter limiter = new LocalRateLimiter(Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void everyWindowMustHaveRoomAndRefusalsAreNotCounted() {
		RateScopes scopes = new RateScopes("t1", "k1", RateWindow.parseAll(List.of("3/1s", "100/1m")),
				RateWindow.parseAll(List.of("1000/1d")));
		for (int i = 0; i < 3; i++) {
			RateDecision decision = this.limiter.check(scopes);
			assertThat(decision.allowed()).isTrue();
			assertThat(decision.limit()).isEqualTo(3);
			assertThat(decision.remaining()).isEqualTo(2 - i);
		}
		RateDecision refused = this.limiter.check(scopes);
		assertThat(refused.allowed()).isFalse();
		assertThat(refused.remaining()).isZero();
		assertThat(refused.retryAfterSeconds()).isEqualTo(1);
		assertThat(refused.source()).isEqualTo("local");
	}

	@Test
	void theTenantWindowIsSharedByItsKeys() {
		List<RateWindow> tenant = RateWindow.parseAll(List.of("5/1d"));
		List<RateWindow> key = RateWindow.parseAll(List.of("4/1d"));
		int allowed = 0;
		for (int i = 0; i < 10; i++) {
			allowed += this.limiter.check(new RateScopes("t2", "k" + (i % 2), key, tenant)).allowed() ? 1 : 0;
		}
		assertThat(allowed).isEqualTo(5);
		RateDecision refused = this.limiter.check(new RateScopes("t2", "k0", key, tenant));
		assertThat(refused.allowed()).isFalse();
		assertThat(refused.remaining()).isZero();
		assertThat(refused.retryAfterSeconds()).isGreaterThan(3600);
	}

}
