package dev.switchboard.events.tenants;

import java.time.Instant;
import java.util.List;

/**
 * The latest configuration of one tenant, published by the gateway on the compacted
 * {@code tenants.config.v1} topic (key: tenant id; a tombstone deletes the tenant). Every
 * secret is encrypted ({@link EncryptedSecret}); services decrypt with
 * {@link SecretCipher}.
 *
 * @param tenantId tenant id
 * @param name display name
 * @param status {@code ACTIVE} or {@code SUSPENDED}
 * @param plan rate-limit plan name, e.g. {@code standard}
 * @param channels the tenant's WhatsApp channels
 * @param orderSources the tenant's order sources (e.g. Vizi) and their signing secrets
 * @param version increases with every change; consumers ignore older versions
 * @param updatedAt when the configuration last changed
 */
public record TenantConfig(String tenantId, String name, String status, String plan, List<ChannelConfig> channels,
		List<OrderSourceConfig> orderSources, long version, Instant updatedAt) {

	/** Status of a tenant that may use the platform. */
	public static final String ACTIVE = "ACTIVE";

	/** Status of a tenant whose keys are refused and whose webhooks are parked. */
	public static final String SUSPENDED = "SUSPENDED";

	public TenantConfig {
		channels = (channels != null) ? List.copyOf(channels) : List.of();
		orderSources = (orderSources != null) ? List.copyOf(orderSources) : List.of();
	}

	/** Whether the tenant is active (anything but {@link #SUSPENDED}). */
	public boolean active() {
		return !SUSPENDED.equals(this.status);
	}

}
