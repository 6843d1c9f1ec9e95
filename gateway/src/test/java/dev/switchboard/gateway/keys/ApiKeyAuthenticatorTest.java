package dev.switchboard.gateway.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class ApiKeyAuthenticatorTest {

	private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

	private static final UUID KEY_ID = UUID.fromString("00000000-0000-4000-8000-00000000de01");

	private static final ApiKeyCredentials DEMO = new ApiKeyCredentials("demokey1", "localdemosecret");

	private final ApiKeyStore store = mock(ApiKeyStore.class);

	private final ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(this.store,
			new ApiKeyProperties(Duration.ofSeconds(5), 100, Duration.ofMinutes(1), 8),
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void acceptsTheRightSecret() {
		given(this.store.findByPrefix("demokey1")).willReturn(Mono.just(stored(null, null, "active")));

		StepVerifier.create(this.authenticator.authenticate(DEMO))
			.expectNext(new AuthenticatedKey(KEY_ID, "demo", Set.of("messages:send", "messages:read")))
			.verifyComplete();
	}

	@Test
	void rejectsWrongSecretUnknownPrefixAndUnusableKeys() {
		given(this.store.findByPrefix("demokey1")).willReturn(Mono.just(stored(null, null, "active")));
		given(this.store.findByPrefix("unknown1")).willReturn(Mono.empty());
		given(this.store.findByPrefix("revoked1")).willReturn(Mono.just(stored(null, NOW.minusSeconds(1), "active")));
		given(this.store.findByPrefix("expired1")).willReturn(Mono.just(stored(NOW, null, "active")));
		given(this.store.findByPrefix("suspend1")).willReturn(Mono.just(stored(null, null, "suspended")));

		StepVerifier.create(this.authenticator.authenticate(new ApiKeyCredentials("demokey1", "wrongsecret")))
			.verifyComplete();
		for (String prefix : new String[] { "unknown1", "revoked1", "expired1", "suspend1" }) {
			StepVerifier.create(this.authenticator.authenticate(new ApiKeyCredentials(prefix, "localdemosecret")))
				.verifyComplete();
		}
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

	private static StoredApiKey stored(Instant expiresAt, Instant revokedAt, String tenantStatus) {
		return new StoredApiKey(KEY_ID, "demo", SecretHash.of("localdemosecret"),
				Set.of("messages:send", "messages:read"), expiresAt, revokedAt, tenantStatus);
	}

}
