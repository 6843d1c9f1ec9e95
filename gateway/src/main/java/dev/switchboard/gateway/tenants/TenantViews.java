package dev.switchboard.gateway.tenants;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.switchboard.events.tenants.ChannelConfig;
import dev.switchboard.events.tenants.OrderSourceConfig;

/**
 * What the administration API shows. Secrets are never shown, not even encrypted: only
 * whether they are set and how many there are.
 */
final class TenantViews {

	private TenantViews() {
	}

	/**
	 * A tenant.
	 *
	 * @param id tenant id
	 * @param name display name
	 * @param status {@code ACTIVE} or {@code SUSPENDED}
	 * @param plan rate-limit plan
	 * @param version version of the published configuration
	 * @param createdAt creation time
	 * @param updatedAt last configuration change
	 */
	record TenantView(String id, String name, String status, String plan, long version, Instant createdAt,
			Instant updatedAt) {

		static TenantView of(TenantRow row) {
			return new TenantView(row.id(), row.name(), TenantConfigChanges.contractStatus(row.status()), row.plan(),
					row.version(), row.createdAt(), row.updatedAt());
		}

	}

	/**
	 * A page of tenants.
	 *
	 * @param items the tenants
	 * @param nextCursor cursor of the next page, absent on the last
	 */
	record TenantPage(List<TenantView> items, String nextCursor) {
	}

	/**
	 * A channel without its secrets.
	 *
	 * @param channelId channel id
	 * @param provider {@code META} or {@code CBB}
	 * @param phoneNumberId Meta phone number id
	 * @param wabaId WhatsApp Business Account id
	 * @param messagesPerSecond send rate
	 * @param baseUrl CBB base URL
	 * @param customFields CBB custom-field map
	 * @param active whether the channel is in use
	 * @param accessTokenSet whether an access token is stored
	 * @param appSecretCount how many app secrets are stored
	 * @param verifyTokenSet whether a verify token is stored
	 * @param templateFallbacks per template name, the template sent in its place while it
	 * is PAUSED or DISABLED
	 */
	record ChannelView(String channelId, String provider, String phoneNumberId, String wabaId,
			Integer messagesPerSecond, String baseUrl, Map<String, String> customFields, boolean active,
			boolean accessTokenSet, int appSecretCount, boolean verifyTokenSet, Map<String, String> templateFallbacks) {

		static ChannelView of(ChannelConfig channel) {
			return new ChannelView(channel.channelId(), channel.provider(), channel.phoneNumberId(), channel.wabaId(),
					channel.messagesPerSecond(), channel.baseUrl(), channel.customFields(), channel.active(),
					channel.accessToken() != null, channel.appSecrets().size(), channel.verifyToken() != null,
					channel.templateFallbacks());
		}

	}

	/**
	 * A named secret without its value.
	 *
	 * @param name secret name
	 * @param createdAt when it was first set
	 * @param updatedAt when it was last set
	 */
	record SecretView(String name, Instant createdAt, Instant updatedAt) {

		static SecretView of(TenantStore.SecretRow row) {
			return new SecretView(row.name(), row.createdAt(), row.updatedAt());
		}

	}

	/**
	 * An order source without its secrets.
	 *
	 * @param source source name
	 * @param signingSecretCount how many signing secrets are stored
	 */
	record OrderSourceView(String source, int signingSecretCount) {

		static OrderSourceView of(OrderSourceConfig source) {
			return new OrderSourceView(source.source(), source.signingSecrets().size());
		}

	}

}
