package dev.switchboard.gateway.keys;

import java.util.Set;

/**
 * The scopes a tenant key may be given. {@code admin} belongs to operator keys only.
 */
final class Scopes {

	static final String ADMIN = "admin";

	static final Set<String> TENANT = Set.of("messages:send", "messages:read", "conversations:read",
			"conversations:write", "orders:read", "orders:write", "templates:read", "templates:write", "workflows:read",
			"workflows:write", "stats:read", "webhook:vizi");

	private Scopes() {
	}

}
