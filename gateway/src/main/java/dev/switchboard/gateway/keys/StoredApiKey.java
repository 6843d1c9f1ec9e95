package dev.switchboard.gateway.keys;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * An API key row joined with the status of its tenant.
 *
 * @param id the key id
 * @param tenantId the tenant the key belongs to
 * @param secretHash SHA-256 of the secret
 * @param scopes the scopes the key grants
 * @param expiresAt when the key stops working, if ever
 * @param revokedAt when the key was revoked, if it was
 * @param tenantStatus the tenant's status ({@code active} or {@code suspended})
 */
record StoredApiKey(UUID id, String tenantId, byte[] secretHash, Set<String> scopes, Instant expiresAt,
		Instant revokedAt, String tenantStatus) {

	static final String ACTIVE = "active";

	/**
	 * Why a key with a matching secret still may not be used, if it may not.
	 * @param now the current time
	 * @return the reason (for logs), or {@code null} when the key is usable
	 */
	String unusableReason(Instant now) {
		if (this.revokedAt != null && !this.revokedAt.isAfter(now)) {
			return "revoked";
		}
		if (this.expiresAt != null && !this.expiresAt.isAfter(now)) {
			return "expired";
		}
		if (!ACTIVE.equals(this.tenantStatus)) {
			return "tenant " + this.tenantStatus;
		}
		return null;
	}

}
