package dev.switchboard.messaging.channels;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * One WhatsApp channel of a tenant.
 *
 * @param tenantId owning tenant
 * @param channelId channel id, unique within the tenant
 * @param provider provider the channel sends through
 * @param phoneNumberId Meta business phone number id of the channel
 * @param accessToken provider access token; never logged
 */
public record Channel(@NotBlank String tenantId, @NotBlank String channelId, @NotNull Provider provider,
		@NotBlank String phoneNumberId, @NotBlank String accessToken) {

	/** Leaves the access token out so that it cannot end up in a log. */
	@Override
	public String toString() {
		return "Channel[tenantId=" + this.tenantId + ", channelId=" + this.channelId + ", provider=" + this.provider
				+ ", phoneNumberId=" + this.phoneNumberId + ", accessToken=***]";
	}

}
