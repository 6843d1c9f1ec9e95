package dev.switchboard.gateway.tenants;

import java.time.Instant;

/**
 * A tenant as stored.
 *
 * @param id tenant id
 * @param name display name
 * @param status {@code active} or {@code suspended}
 * @param plan rate-limit plan
 * @param version version of the last published configuration
 * @param createdAt when the tenant was created
 * @param updatedAt when its configuration last changed
 */
record TenantRow(String id, String name, String status, String plan, long version, Instant createdAt,
		Instant updatedAt) {

	static final String ACTIVE = "active";

	static final String SUSPENDED = "suspended";

}
