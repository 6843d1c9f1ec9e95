package dev.switchboard.gateway.keys;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoredApiKeyTest {

	private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

	@Test
	void activeKeyIsUsable() {
		assertThat(key(null, null, "active").unusableReason(NOW)).isNull();
		assertThat(key(NOW.plusSeconds(1), null, "active").unusableReason(NOW)).isNull();
		assertThat(key(null, NOW.plusSeconds(1), "active").unusableReason(NOW)).isNull();
	}

	@Test
	void revokedOrExpiredKeyIsNot() {
		assertThat(key(null, NOW, "active").unusableReason(NOW)).isEqualTo("revoked");
		assertThat(key(NOW, null, "active").unusableReason(NOW)).isEqualTo("expired");
		assertThat(key(NOW.minusSeconds(1), null, "active").unusableReason(NOW)).isEqualTo("expired");
	}

	@Test
	void suspendedTenantIsToldApartFromInvalidKeys() {
		assertThat(key(null, null, "suspended").unusableReason(NOW)).isNull();
		assertThat(key(null, null, "suspended").tenantSuspended()).isTrue();
		assertThat(key(null, null, "active").tenantSuspended()).isFalse();
	}

	private static StoredApiKey key(Instant expiresAt, Instant revokedAt, String tenantStatus) {
		return new StoredApiKey(UUID.randomUUID(), "demo", "tenant", SecretHash.of("localdemosecret"),
				Set.of("messages:send"), expiresAt, revokedAt, tenantStatus, "standard", List.of(), null, null);
	}

}
