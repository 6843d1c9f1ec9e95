package dev.switchboard.gateway.keys;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import dev.switchboard.gateway.limits.RateDecision;
import dev.switchboard.gateway.limits.RateLimiter;
import dev.switchboard.gateway.web.GatewayProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class ApiKeyAuthenticatorTest {

	private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

	private static final UUID KEY_ID = UUID.fromString("00000000-0000-4000-8000-00000000de01");

	private static final Duration LOOKUP_TIMEOUT = Duration.ofMillis(300);

	private static final ApiKeyCredentials DEMO = new ApiKeyCredentials("demokey1", "localdemosecret");

	private static final String CLIENT = "198.51.100.1";

	private static final int FAILURE_LIMIT = 5;

	private final ApiKeyStore store = mock(ApiKeyStore.class);

	private final ApiKeyRedisCache shared = mock(ApiKeyRedisCache.class);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ApiKeyProperties properties = new ApiKeyProperties(Duration.ofSeconds(3), 100, Duration.ofSeconds(60),
			Duration.ofSeconds(30), List.of(FAILURE_LIMIT + "/1m"), List.of(), Duration.ofMillis(250), LOOKUP_TIMEOUT,
			Duration.ofMinutes(1), 8, Duration.ZERO);

	private final RateLimiter limiter = mock(RateLimiter.class);

	private final Map<String, Integer> failuresCounted = new HashMap<>();

	private final ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(this.store, this.shared,
			new FailedAuthentications(this.limiter, this.properties, this.meters, Clock.fixed(NOW, ZoneOffset.UTC)),
			this.properties, this.meters, Clock.fixed(NOW, ZoneOffset.UTC));

	@BeforeEach
	void redisIsEmpty() {
		given(this.shared.get(any())).willReturn(Mono.empty());
		given(this.shared.put(any(), any())).willReturn(Mono.empty());
		given(this.shared.putMiss(any())).willReturn(Mono.empty());
	}

	/** A fixed window per address, as the Redis script counts. */
	@BeforeEach
	void failuresAreCountedPerAddress() {
		given(this.limiter.count(eq(FailedAuthentications.SCOPE), any(), any())).willAnswer((invocation) -> {
			String address = invocation.getArgument(1);
			int used = this.failuresCounted.getOrDefault(address, 0);
			if (used >= FAILURE_LIMIT) {
				return Mono.just(new RateDecision(false, FAILURE_LIMIT, 0, 42, 42, "redis"));
			}
			this.failuresCounted.put(address, used + 1);
			return Mono.just(new RateDecision(true, FAILURE_LIMIT, FAILURE_LIMIT - used - 1, 42, 0, "redis"));
		});
	}

	@Test
	void acceptsTheRightSecret() {
		given(this.store.findByPrefix("demokey1")).willReturn(Mono.just(stored(null, null, "active")));

		StepVerifier.create(this.authenticator.authenticate(DEMO, CLIENT))
			.expectNext(new AuthenticatedKey(KEY_ID, "demo", Set.of("messages:send", "messages:read"), false,
					"standard", List.of(), null, null))
			.verifyComplete();
	}

	@Test
	void rejectsWrongSecretUnknownPrefixAndUnusableKeys() {
		given(this.store.findByPrefix("demokey1")).willReturn(Mono.just(stored(null, null, "active")));
		given(this.store.findByPrefix("unknown1")).willReturn(Mono.empty());
		given(this.store.findByPrefix("revoked1")).willReturn(Mono.just(stored(null, NOW.minusSeconds(1), "active")));
		given(this.store.findByPrefix("expired1")).willReturn(Mono.just(stored(NOW, null, "active")));

		StepVerifier.create(this.authenticator.authenticate(new ApiKeyCredentials("demokey1", "wrongsecret"), CLIENT))
			.verifyComplete();
		for (String prefix : new String[] { "unknown1", "revoked1", "expired1" }) {
			StepVerifier
				.create(this.authenticator.authenticate(new ApiKeyCredentials(prefix, "localdemosecret"), CLIENT))
				.verifyComplete();
		}
	}

	@Test
	void suspendedTenantIsForbidden() {
		given(this.store.findByPrefix("suspend1")).willReturn(Mono.just(stored(null, null, "suspended")));

		StepVerifier
			.create(this.authenticator.authenticate(new ApiKeyCredentials("suspend1", "localdemosecret"), CLIENT))
			.verifyErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(GatewayProblem.class)
				.hasMessageContaining("suspended"));
	}

	@Test
	void prefersTheSharedRedisEntryAndSharesDatabaseLookups() {
		given(this.shared.get("redis001")).willReturn(Mono.just(Optional.of(stored(null, null, "active"))));
		given(this.store.findByPrefix("demokey1")).willReturn(Mono.just(stored(null, null, "active")));

		StepVerifier
			.create(this.authenticator.authenticate(new ApiKeyCredentials("redis001", "localdemosecret"), CLIENT))
			.expectNextCount(1)
			.verifyComplete();
		StepVerifier.create(this.authenticator.authenticate(DEMO, CLIENT)).expectNextCount(1).verifyComplete();

		verify(this.store, never()).findByPrefix("redis001");
		verify(this.shared).put(eq("demokey1"), any());
	}

	@Test
	void redisOutageFallsBackToTheDatabase() {
		given(this.shared.get("demokey1")).willReturn(Mono.error(new IllegalStateException("redis down")));
		given(this.shared.put(any(), any())).willReturn(Mono.error(new IllegalStateException("redis down")));
		given(this.store.findByPrefix("demokey1")).willReturn(Mono.just(stored(null, null, "active")));

		StepVerifier.create(this.authenticator.authenticate(DEMO, CLIENT)).expectNextCount(1).verifyComplete();
	}

	@Test
	void forgottenLookupsAreReadAgain() {
		given(this.store.findByPrefix("demokey1")).willReturn(Mono.just(stored(null, null, "active")),
				Mono.just(stored(null, NOW.minusSeconds(1), "active")));

		StepVerifier.create(this.authenticator.authenticate(DEMO, CLIENT)).expectNextCount(1).verifyComplete();
		this.authenticator.forget(List.of("demokey1"));
		StepVerifier.create(this.authenticator.authenticate(DEMO, CLIENT)).verifyComplete();
	}

	@Test
	void reusesLookupsFoundOrNot() {
		given(this.store.findByPrefix("demokey1")).willReturn(Mono.just(stored(null, null, "active")));
		given(this.store.findByPrefix("unknown1")).willReturn(Mono.empty());

		for (int i = 0; i < 3; i++) {
			StepVerifier.create(this.authenticator.authenticate(DEMO, CLIENT)).expectNextCount(1).verifyComplete();
			StepVerifier
				.create(this.authenticator.authenticate(new ApiKeyCredentials("unknown1", "localdemosecret"), CLIENT))
				.verifyComplete();
		}

		verify(this.store, times(1)).findByPrefix("demokey1");
		verify(this.store, times(1)).findByPrefix("unknown1");
	}

	@Test
	void doesNotKeepFailedLookups() {
		given(this.store.findByPrefix("demokey1")).willReturn(Mono.error(new IllegalStateException("database down")),
				Mono.just(stored(null, null, "active")));

		StepVerifier.create(this.authenticator.authenticate(DEMO, CLIENT)).verifyError(IllegalStateException.class);
		StepVerifier.create(this.authenticator.authenticate(DEMO, CLIENT)).expectNextCount(1).verifyComplete();
	}

	@Test
	void duringAnOutageAKeySeenLatelyWorksFromMemoryUntilItChanges() {
		// Nothing cached for long: only the outage grace can answer the second time.
		ApiKeyProperties graceful = new ApiKeyProperties(Duration.ofNanos(1), 100, Duration.ofSeconds(60),
				Duration.ofSeconds(30), List.of(FAILURE_LIMIT + "/1m"), List.of(), Duration.ofMillis(250),
				LOOKUP_TIMEOUT, Duration.ofMinutes(1), 8, Duration.ofMinutes(15));
		ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(this.store, this.shared,
				new FailedAuthentications(this.limiter, graceful, this.meters, Clock.fixed(NOW, ZoneOffset.UTC)),
				graceful, this.meters, Clock.fixed(NOW, ZoneOffset.UTC));
		given(this.store.findByPrefix("demokey1")).willReturn(Mono.just(stored(null, null, "active")),
				Mono.error(new IllegalStateException("database down")));

		StepVerifier.create(authenticator.authenticate(DEMO, CLIENT)).expectNextCount(1).verifyComplete();
		StepVerifier.create(authenticator.authenticate(DEMO, CLIENT)).expectNextCount(1).verifyComplete();
		StepVerifier.create(authenticator.authenticate(new ApiKeyCredentials("demokey1", "wrongsecret"), CLIENT))
			.verifyComplete();
		given(this.store.findByPrefix("other001")).willReturn(Mono.error(new IllegalStateException("database down")));
		authenticator.forget(List.of("demokey1"));
		StepVerifier.create(authenticator.authenticate(DEMO, CLIENT)).verifyError(IllegalStateException.class);
		StepVerifier.create(authenticator.authenticate(new ApiKeyCredentials("other001", "localdemosecret"), CLIENT))
			.verifyError(IllegalStateException.class);
	}

	@Test
	void aLookupThatNeverEndsFailsInTimeAndIsNotKept() {
		given(this.store.findByPrefix("demokey1")).willReturn(Mono.never(), Mono.just(stored(null, null, "active")));

		StepVerifier.create(this.authenticator.authenticate(DEMO, CLIENT))
			.expectError(TimeoutException.class)
			.verify(LOOKUP_TIMEOUT.multipliedBy(10));
		StepVerifier.create(this.authenticator.authenticate(DEMO, CLIENT))
			.expectNextCount(1)
			.expectComplete()
			.verify(LOOKUP_TIMEOUT.multipliedBy(10));
	}

	@Test
	void anUnknownPrefixIsLookedUpOnceAndSharedAsAMiss() {
		given(this.store.findByPrefix("unknown1")).willReturn(Mono.empty());

		for (int i = 0; i < 3; i++) {
			StepVerifier
				.create(this.authenticator.authenticate(new ApiKeyCredentials("unknown1", "whatever1"),
						"198.51.100." + (10 + i)))
				.verifyComplete();
		}

		verify(this.store, times(1)).findByPrefix("unknown1");
		verify(this.shared).putMiss("unknown1");
		assertThat(this.meters.get("gateway.api_keys.lookups").counter().count()).isEqualTo(1);
	}

	@Test
	void aMissSharedInRedisCostsNoDatabaseLookup() {
		given(this.shared.get("unknown2")).willReturn(Mono.just(Optional.empty()));

		StepVerifier.create(this.authenticator.authenticate(new ApiKeyCredentials("unknown2", "whatever1"), CLIENT))
			.verifyComplete();

		verify(this.store, never()).findByPrefix(any());
		assertThat(this.meters.get("gateway.api_keys.lookups").counter().count()).isZero();
	}

	@Test
	void aKeyIssuedAfterItsPrefixWasAMissIsFoundOnceForgotten() {
		given(this.store.findByPrefix("demokey1")).willReturn(Mono.empty(), Mono.just(stored(null, null, "active")));

		StepVerifier.create(this.authenticator.authenticate(DEMO, CLIENT)).verifyComplete();
		this.authenticator.forget(List.of("demokey1"));
		StepVerifier.create(this.authenticator.authenticate(DEMO, CLIENT)).expectNextCount(1).verifyComplete();
	}

	@Test
	void anAddressThatFailedTooOftenIsRefusedWithoutDatabaseLookups() {
		given(this.store.findByPrefix(any())).willReturn(Mono.empty());
		String flooder = "203.0.113.7";

		for (int i = 0; i < FAILURE_LIMIT; i++) {
			StepVerifier
				.create(this.authenticator.authenticate(new ApiKeyCredentials("random0" + i, "whatever1"), flooder))
				.verifyComplete();
		}
		for (int i = 0; i < 50; i++) {
			MockServerWebExchange exchange = exchange("sb_random1" + i + ".whatever1", flooder);
			StepVerifier.create(this.authenticator.authenticate(exchange))
				.verifyErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(GatewayProblem.class)
					.hasMessageContaining("Too many failed authentications"));
			assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("42");
		}

		verify(this.store, times(FAILURE_LIMIT)).findByPrefix(any());
		assertThat(this.meters.get("gateway.api_keys.lookups").counter().count()).isEqualTo(FAILURE_LIMIT);
		assertThat(this.meters.get("gateway.api_keys.refused_addresses").counter().count()).isEqualTo(50);
		// Another address is looked up as usual.
		StepVerifier.create(this.authenticator.authenticate(new ApiKeyCredentials("random2", "whatever1"), CLIENT))
			.verifyComplete();
		verify(this.store).findByPrefix("random2");
	}

	@Test
	void aValidKeyKnownWithoutTheDatabaseStillWorksFromARefusedAddress() {
		given(this.store.findByPrefix(any())).willReturn(Mono.empty());
		given(this.store.findByPrefix("demokey1")).willReturn(Mono.just(stored(null, null, "active")));
		given(this.shared.get("redis001")).willReturn(Mono.just(Optional.of(stored(null, null, "active"))));
		given(this.store.findByPrefix("uncached")).willReturn(Mono.just(stored(null, null, "active")));
		String flooder = "203.0.113.8";
		StepVerifier.create(this.authenticator.authenticate(DEMO, CLIENT)).expectNextCount(1).verifyComplete();
		for (int i = 0; i < FAILURE_LIMIT; i++) {
			StepVerifier
				.create(this.authenticator.authenticate(new ApiKeyCredentials("random0" + i, "whatever1"), flooder))
				.verifyComplete();
		}

		// Cached in memory, in Redis: answered; only in the database: refused.
		StepVerifier.create(this.authenticator.authenticate(DEMO, flooder)).expectNextCount(1).verifyComplete();
		StepVerifier
			.create(this.authenticator.authenticate(new ApiKeyCredentials("redis001", "localdemosecret"), flooder))
			.expectNextCount(1)
			.verifyComplete();
		StepVerifier.create(this.authenticator.authenticate(exchange("sb_uncached.localdemosecret", flooder)))
			.verifyError(GatewayProblem.class);
		// A wrong secret of a cached key is a failure too, refused as well.
		StepVerifier.create(this.authenticator.authenticate(exchange("sb_demokey1.wrongsecret", flooder)))
			.verifyError(GatewayProblem.class);
		verify(this.store, never()).findByPrefix("uncached");
		verify(this.store, never()).findByPrefix("redis001");
	}

	@Test
	void aWrongSecretCountsAsAFailureAndASuspendedTenantDoesNot() {
		given(this.store.findByPrefix("demokey1")).willReturn(Mono.just(stored(null, null, "active")));
		given(this.store.findByPrefix("suspend1")).willReturn(Mono.just(stored(null, null, "suspended")));

		StepVerifier.create(this.authenticator.authenticate(new ApiKeyCredentials("demokey1", "wrongsecret"), CLIENT))
			.verifyComplete();
		StepVerifier
			.create(this.authenticator.authenticate(new ApiKeyCredentials("suspend1", "localdemosecret"), CLIENT))
			.verifyError(GatewayProblem.class);
		StepVerifier.create(this.authenticator.authenticate(DEMO, CLIENT)).expectNextCount(1).verifyComplete();

		assertThat(this.failuresCounted).containsExactly(Map.entry(CLIENT, 1));
	}

	@Test
	void aFailureThatCannotBeCountedIsStillAPlainRejection() {
		given(this.store.findByPrefix("unknown1")).willReturn(Mono.empty());
		given(this.limiter.count(any(), any(), any())).willReturn(Mono.error(new IllegalStateException("down")));

		StepVerifier.create(this.authenticator.authenticate(new ApiKeyCredentials("unknown1", "whatever1"), CLIENT))
			.verifyComplete();
	}

	private static MockServerWebExchange exchange(String key, String client) {
		return MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/messages")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.remoteAddress(new InetSocketAddress(client, 40000)));
	}

	private static StoredApiKey stored(Instant expiresAt, Instant revokedAt, String tenantStatus) {
		return new StoredApiKey(KEY_ID, "demo", "tenant", SecretHash.of("localdemosecret"),
				Set.of("messages:send", "messages:read"), expiresAt, revokedAt, tenantStatus, "standard", List.of(),
				null, null);
	}

}
