package dev.switchboard.events.tenants;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
 * @param secrets the tenant's named secrets for its workflows, encrypted; empty in
 * configurations published before they existed
 */
public record TenantConfig(String tenantId, String name, String status, String plan, List<ChannelConfig> channels,
		List<OrderSourceConfig> orderSources, long version, Instant updatedAt, List<TenantSecret> secrets) {

	/** Status of a tenant that may use the platform. */
	public static final String ACTIVE = "ACTIVE";

	/** Status of a tenant whose keys are refused and whose webhooks are parked. */
	public static final String SUSPENDED = "SUSPENDED";

	public TenantConfig {
		channels = (channels != null) ? List.copyOf(channels) : List.of();
		orderSources = (orderSources != null) ? List.copyOf(orderSources) : List.of();
		secrets = (secrets != null) ? List.copyOf(secrets) : List.of();
	}

	/** A configuration without named secrets. */
	public TenantConfig(String tenantId, String name, String status, String plan, List<ChannelConfig> channels,
			List<OrderSourceConfig> orderSources, long version, Instant updatedAt) {
		this(tenantId, name, status, plan, channels, orderSources, version, updatedAt, List.of());
	}

	/** The named secret, if the tenant has one by that name. */
	public Optional<TenantSecret> secret(String secretName) {
		return this.secrets.stream().filter((secret) -> secret.name().equals(secretName)).findFirst();
	}

	/** Whether the tenant is active (anything but {@link #SUSPENDED}). */
	public boolean active() {
		return !SUSPENDED.equals(this.status);
	}

}
