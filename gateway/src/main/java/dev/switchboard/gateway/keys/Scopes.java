package dev.switchboard.gateway.keys;

import java.util.Set;

/**
 * The scopes a tenant key may be given. {@code admin} belongs to operator keys only.
 */
final class Scopes {

	static final String ADMIN = "admin";

	/** A tenant key with it manages its own tenant's keys at {@code /api/v1/keys}. */
	static final String KEYS_WRITE = "keys:write";

	static final Set<String> TENANT = Set.of("messages:send", "messages:read", "conversations:read",
			"conversations:write", "orders:read", "orders:write", "templates:read", "templates:write", "workflows:read",
			"workflows:write", "stats:read", "webhook:vizi", Scopes.KEYS_WRITE);

	private Scopes() {
	}

}
