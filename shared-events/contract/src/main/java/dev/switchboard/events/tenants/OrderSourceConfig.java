package dev.switchboard.events.tenants;

import java.util.List;

/**
 * An order source of a tenant (e.g. Vizi) and the Standard Webhooks secrets its
 * deliveries are signed with.
 *
 * @param source source name as used in {@code /webhooks/orders/{source}}
 * @param signingSecrets {@code whsec_…} secrets, encrypted; several during rotation
 */
public record OrderSourceConfig(String source, List<EncryptedSecret> signingSecrets) {

	public OrderSourceConfig {
		signingSecrets = (signingSecrets != null) ? List.copyOf(signingSecrets) : List.of();
	}

}
