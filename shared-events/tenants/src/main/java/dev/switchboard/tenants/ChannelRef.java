package dev.switchboard.tenants;

import dev.switchboard.events.tenants.ChannelConfig;
import dev.switchboard.events.tenants.TenantConfig;

/**
 * A channel together with the tenant that owns it.
 *
 * @param tenant the owning tenant
 * @param channel the channel
 */
public record ChannelRef(TenantConfig tenant, ChannelConfig channel) {

	/** Whether both the tenant and the channel are in use. */
	public boolean active() {
		return this.tenant.active() && this.channel.active();
	}

}
