package dev.switchboard.gateway.tenants;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.outbox.Outbox;
import dev.switchboard.events.tenants.TenantConfig;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Publishes a tenant's whole configuration, with the next version, through the outbox.
 * Call inside the transaction of the change, so that the change and its publication
 * commit together.
 */
@Component
class TenantConfigChanges {

	private final TenantStore store;

	private final Outbox outbox;

	TenantConfigChanges(TenantStore store, Outbox outbox) {
		this.store = store;
		this.outbox = outbox;
	}

	/**
	 * Counts a new version of the tenant's configuration and appends it to the outbox.
	 * @param tenantId the tenant that changed
	 * @return the tenant with its new version, empty when it does not exist
	 */
	Mono<TenantRow> changed(String tenantId) {
		return this.store.nextVersion(tenantId)
			.flatMap((tenant) -> Mono
				.zip(this.store.channels(tenantId).collectList(), this.store.orderSources(tenantId).collectList(),
						this.store.secrets(tenantId).collectList())
				.map((parts) -> new TenantConfig(tenant.id(), tenant.name(), contractStatus(tenant.status()),
						tenant.plan(), parts.getT1(), parts.getT2(), tenant.version(), tenant.updatedAt(),
						parts.getT3()))
				.flatMap((config) -> this.outbox.append(envelope(config), tenantId))
				.thenReturn(tenant));
	}

	private EventEnvelope<TenantConfig> envelope(TenantConfig config) {
		return EventEnvelope.of(EventType.TENANT_CONFIG_V1, this.outbox.source(), config.tenantId(), config.tenantId(),
				config);
	}

	static String contractStatus(String status) {
		return TenantRow.SUSPENDED.equals(status) ? TenantConfig.SUSPENDED : TenantConfig.ACTIVE;
	}

}
