package dev.switchboard.gateway.keys;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.switchboard.gateway.limits.RateWindow;

/**
 * An API key row joined with its tenant's status and plan.
 *
 * @param id the key id
 * @param tenantId the tenant the key belongs to, {@code null} for an operator key
 * @param kind {@code tenant} or {@code operator}
 * @param secretHash SHA-256 of the secret
 * @param scopes the scopes the key grants
 * @param expiresAt when the key stops working, if ever
 * @param revokedAt when the key was revoked, if it was
 * @param tenantStatus the tenant's status ({@code active} or {@code suspended}),
 * {@code null} for an operator key
 * @param plan the tenant's rate-limit plan, {@code null} for an operator key
 * @param rateLimits the key's own windows overriding the plan's, empty for none
 * @param agentId the agent the key is bound to, {@code null} for an integration key
 * @param agentRole the role the binding was given, {@code null} without a binding
 */
record StoredApiKey(UUID id, String tenantId, String kind, byte[] secretHash, Set<String> scopes, Instant expiresAt,
		Instant revokedAt, String tenantStatus, String plan, List<RateWindow> rateLimits, String agentId,
		String agentRole) {

	static final String ACTIVE = "active";

	static final String OPERATOR = "operator";

	StoredApiKey {
		rateLimits = (rateLimits != null) ? List.copyOf(rateLimits) : List.of();
	}

	/**
	 * Why a key with a matching secret is not valid any more, if it is not.
	 * @param now the current time
	 * @return the reason (for logs), or {@code null} when the key is valid
	 */
	String unusableReason(Instant now) {
		if (this.revokedAt != null && !this.revokedAt.isAfter(now)) {
			return "revoked";
		}
		if (this.expiresAt != null && !this.expiresAt.isAfter(now)) {
			return "expired";
		}
		return null;
	}

	boolean operator() {
		return OPERATOR.equals(this.kind);
	}

	/** Whether the key's tenant may not call (a valid key of a suspended tenant). */
	boolean tenantSuspended() {
		return !operator() && !ACTIVE.equals(this.tenantStatus);
	}

}
