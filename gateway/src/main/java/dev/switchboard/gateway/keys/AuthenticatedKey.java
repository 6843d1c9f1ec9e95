package dev.switchboard.gateway.keys;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.switchboard.gateway.limits.RateWindow;

/**
 * A key that passed every check: who is calling and what it may do.
 *
 * @param keyId the key id
 * @param tenantId the tenant the call acts for, {@code null} for an operator
 * @param scopes the granted scopes
 * @param operator whether it is an operator key
 * @param plan the tenant's rate-limit plan
 * @param rateLimits the key's own windows, empty for the plan's
 * @param agentId the agent the key is bound to, {@code null} for an integration key
 * @param agentRole the role of that binding, {@code null} without one
 */
record AuthenticatedKey(UUID keyId, String tenantId, Set<String> scopes, boolean operator, String plan,
		List<RateWindow> rateLimits, String agentId, String agentRole) {

	static AuthenticatedKey of(StoredApiKey key) {
		return new AuthenticatedKey(key.id(), key.tenantId(), key.scopes(), key.operator(), key.plan(),
				key.rateLimits(), key.agentId(), key.agentRole());
	}

	/**
	 * Returns the required scopes this key lacks, in the order they were required.
	 * @param required the scopes a route requires
	 * @return the missing scopes, empty when all are granted
	 */
	List<String> missing(List<String> required) {
		return required.stream().filter((scope) -> !this.scopes.contains(scope)).toList();
	}

}
