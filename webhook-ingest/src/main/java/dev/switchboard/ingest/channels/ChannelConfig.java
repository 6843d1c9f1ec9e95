package dev.switchboard.ingest.channels;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;

/**
 * One WhatsApp channel: which tenant owns a business phone number and which secrets its
 * webhooks are signed with. Secrets never appear in {@link #toString()}.
 *
 * @param tenantId tenant owning the channel
 * @param channelId channel id inside the tenant
 * @param phoneNumberId Meta's business phone number id ({@code metadata.phone_number_id})
 * @param wabaId WhatsApp Business Account id the number belongs to ({@code entry.id});
 * routes account-level changes (templates, quality) to the tenant; may be omitted
 * @param appSecrets Meta app secrets the webhooks are signed with; two while a secret is
 * rotated
 * @param verifyToken token Meta echoes in the subscription handshake
 */
public record ChannelConfig(@NotBlank String tenantId, @NotBlank String channelId,
		@NotBlank @Pattern(regexp = "[0-9]+") String phoneNumberId, @Pattern(regexp = "[0-9]+") String wabaId,
		@NotEmpty List<@NotBlank String> appSecrets, @NotBlank String verifyToken) {

	private static final String MASK = "****";

	/** The current secret and, while rotating, the next one. */
	private static final int MAX_APP_SECRETS = 2;

	public ChannelConfig {
		appSecrets = (appSecrets != null) ? List.copyOf(appSecrets) : List.of();
		// Checked here rather than with @Size: a constraint violation would print the
		// secrets.
		if (appSecrets.size() > MAX_APP_SECRETS) {
			throw new IllegalArgumentException("Channel " + channelId + " has " + appSecrets.size()
					+ " app secrets; at most " + MAX_APP_SECRETS + " (current and next) are allowed");
		}
	}

	@Override
	public String toString() {
		return "ChannelConfig[tenantId=" + this.tenantId + ", channelId=" + this.channelId + ", phoneNumberId="
				+ this.phoneNumberId + ", wabaId=" + this.wabaId + ", appSecrets="
				+ this.appSecrets.stream().map((secret) -> MASK).toList() + ", verifyToken=" + MASK + "]";
	}

}
