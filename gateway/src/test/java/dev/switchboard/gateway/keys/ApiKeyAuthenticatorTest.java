package dev.switchboard.gateway.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

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

	private final ApiKeyStore store = mock(ApiKeyStore.class);

	private final ApiKeyRedisCache shared = mock(ApiKeyRedisCache.class);

	private final ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(
			this.store, this.shared, new ApiKeyProperties(Duration.ofSeconds(3), 100, Duration.ofSeconds(60),
					Duration.ofMillis(250), LOOKUP_TIMEOUT, Duration.ofMinutes(1), 8),
			Clock.fixed(NOW, ZoneOffset.UTC));

	@BeforeEach
	void redisIsEmpty() {
		given(this.shared.get(any())).willReturn(Mono.empty());
		given(this.shared.put(any(), any())).willReturn(Mono.empty());
	}

	@Test
	void acceptsTheRightSecret() {
		given(this.store.findByPrefix("demokey1")).willReturn(Mono.just(stored(null, null, "active")));

		StepVerifier.create(this.authenticator.authenticate(DEMO))
			.expectNext(new AuthenticatedKey(KEY_ID, "demo", Set.of("messages:send", "messages:read"), false,
					"standard", List.of()))
			.verifyComplete();
	}

	@Test
	void rejectsWrongSecretUnknownPrefixAndUnusableKeys() {
		given(this.store.findByPrefix("demokey1")).willReturn(Mono.just(stored(null, null, "active")));
		given(this.store.findByPrefix("unknown1")).willReturn(Mono.empty());
		given(this.store.findByPrefix("revoked1")).willReturn(Mono.just(stored(null, NOW.minusSeconds(1), "active")));
		given(this.store.findByPrefix("expired1")).willReturn(Mono.just(stored(NOW, null, "active")));

		StepVerifier.create(this.authenticator.authenticate(new ApiKeyCredentials("demokey1", "wrongsecret")))
			.verifyComplete();
		for (String prefix : new String[] { "unknown1", "revoked1", "expired1" }) {
			StepVerifier.create(this.authenticator.authenticate(new ApiKeyCredentials(prefix, "localdemosecret")))
				.verifyComplete();
		}
	}

	@Test
	void suspendedTenantIsForbidden() {
		given(this.store.findByPrefix("suspend1")).willReturn(Mono.just(stored(null, null, "suspended")));

		StepVerifier.create(this.authenticator.authenticate(new ApiKeyCredentials("suspend1", "localdemosecret")))
			.verifyErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(GatewayProblem.class)
				.hasMessageContaining("suspended"));
	}

	@Test
	void prefersTheSharedRedisEntryAndSharesDatabaseLookups() {
		given(this.shared.get("redis001")).willReturn(Mono.just(stored(null, null, "active")));
		given(this.store.findByPrefix("demokey1")).willReturn(Mono.just(stored(null, null, "active")));

		StepVerifier.create(this.authenticator.authenticate(new ApiKeyCredentials("redis001", "localdemosecret")))
			.expectNextCount(1)
			.verifyComplete();
		StepVerifier.create(this.authenticator.authenticate(DEMO)).expectNextCount(1).verifyComplete();

		verify(this.store, never()).findByPrefix("redis001");
		verify(this.shared).put(eq("demokey1"), any());
	}

	@Test
	void redisOutageFallsBackToTheDatabase() {
		given(this.shared.get("demokey1")).willReturn(Mono.error(new IllegalStateException("redis down")));
		given(this.shared.put(any(), any())).willReturn(Mono.error(new IllegalStateException("redis down")));
		given(this.store.findByPrefix("demokey1")).willReturn(Mono.just(stored(null, null, "active")));

		StepVerifier.create(this.authenticator.authenticate(DEMO)).expectNextCount(1).verifyComplete();
	}

	@Test
	void forgottenLookupsAreReadAgain() {
		given(this.store.findByPrefix("demokey1")).willReturn(Mono.just(stored(null, null, "active")),
				Mono.just(stored(null, NOW.minusSeconds(1), "active")));

		StepVerifier.create(this.authenticator.authenticate(DEMO)).expectNextCount(1).verifyComplete();
		this.authenticator.forget(List.of("demokey1"));
		StepVerifier.create(this.authenticator.authenticate(DEMO)).verifyComplete();
	}

	@Test
	void reusesLookupsFoundOrNot() {
		given(this.store.findByPrefix("demokey1")).willReturn(Mono.just(stored(null, null, "active")));
		given(this.store.findByPrefix("unknown1")).willReturn(Mono.empty());

		for (int i = 0; i < 3; i++) {
			StepVerifier.create(this.authenticator.authenticate(DEMO)).expectNextCount(1).verifyComplete();
			StepVerifier.create(this.authenticator.authenticate(new ApiKeyCredentials("unknown1", "localdemosecret")))
				.verifyComplete();
		}

		verify(this.store, times(1)).findByPrefix("demokey1");
		verify(this.store, times(1)).findByPrefix("unknown1");
	}

	@Test
	void doesNotKeepFailedLookups() {
		given(this.store.findByPrefix("demokey1")).willReturn(Mono.error(new IllegalStateException("database down")),
				Mono.just(stored(null, null, "active")));

		StepVerifier.create(this.authenticator.authenticate(DEMO)).verifyError(IllegalStateException.class);
		StepVerifier.create(this.authenticator.authenticate(DEMO)).expectNextCount(1).verifyComplete();
	}

	@Test
	void aLookupThatNeverEndsFailsInTimeAndIsNotKept() {
		given(this.store.findByPrefix("demokey1")).willReturn(Mono.never(), Mono.just(stored(null, null, "active")));

		StepVerifier.create(this.authenticator.authenticate(DEMO))
			.expectError(TimeoutException.class)
			.verify(LOOKUP_TIMEOUT.multipliedBy(10));
		StepVerifier.create(this.authenticator.authenticate(DEMO))
			.expectNextCount(1)
			.expectComplete()
			.verify(LOOKUP_TIMEOUT.multipliedBy(10));
	}

	private static StoredApiKey stored(Instant expiresAt, Instant revokedAt, String tenantStatus) {
		return new StoredApiKey(KEY_ID, "demo", "tenant", SecretHash.of("localdemosecret"),
				Set.of("messages:send", "messages:read"), expiresAt, revokedAt, tenantStatus, "standard", List.of());
	}

}
