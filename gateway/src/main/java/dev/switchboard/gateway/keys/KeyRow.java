package dev.switchboard.gateway.keys;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An API key as the administration API shows it: everything but the secret, which is
 * shown once when the key is created and never stored.
 *
 * @param id key id
 * @param tenantId owning tenant
 * @param prefix public part of the key
 * @param name what the key is for
 * @param scopes granted scopes
 * @param expiresAt when it stops working, if ever
 * @param revokedAt when it was revoked, if it was
 * @param rateLimits its own rate limit windows, empty for the plan's
 * @param rotatedTo the key that replaced it, if it was rotated
 * @param createdAt creation time
 * @param lastUsedAt last use (recorded at most once a minute)
 * @param agentId the agent the key is bound to, {@code null} for an integration key
 * @param role the role the binding was given, {@code null} without one
 */
record KeyRow(UUID id, String tenantId, String prefix, String name, List<String> scopes, Instant expiresAt,
		Instant revokedAt, List<String> rateLimits, UUID rotatedTo, Instant createdAt, Instant lastUsedAt,
		String agentId, String role) {
}
