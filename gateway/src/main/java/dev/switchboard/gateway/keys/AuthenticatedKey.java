package dev.switchboard.gateway.keys;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A key that passed every check: who is calling and what it may do.
 *
 * @param keyId the key id
 * @param tenantId the tenant the call acts for
 * @param scopes the granted scopes
 */
record AuthenticatedKey(UUID keyId, String tenantId, Set<String> scopes) {

	/**
	 * Returns the required scopes this key lacks, in the order they were required.
	 * @param required the scopes a route requires
	 * @return the missing scopes, empty when all are granted
	 */
	List<String> missing(List<String> required) {
		return required.stream().filter((scope) -> !this.scopes.contains(scope)).toList();
	}

}
