package dev.switchboard.events.tenants;

import java.util.List;
import java.util.Map;

/**
 * One WhatsApp channel of a tenant: a Meta Cloud API phone number, or a CBB account.
 *
 * @param channelId channel id, unique within the tenant
 * @param provider {@code META} or {@code CBB}
 * @param phoneNumberId Meta phone number id (META; routes webhooks), may be null for CBB
 * @param wabaId WhatsApp Business Account id (META), may be null
 * @param accessToken Graph API or CBB access token, encrypted
 * @param appSecrets Meta app secrets that sign webhooks; two during rotation (META)
 * @param verifyToken webhook handshake verify token (META), encrypted, may be null
 * @param messagesPerSecond the number's send rate (Meta tier), may be null for the
 * default
 * @param baseUrl CBB base URL (CBB), may be null for META
 * @param customFields CBB custom-field map, order field → CBB field id (CBB), may be
 * empty
 * @param active whether the channel is in use
 * @param templateFallbacks per template name, the template messaging sends in its place
 * while it is PAUSED or DISABLED (same language and parameters); may be empty
 */
public record ChannelConfig(String channelId, String provider, String phoneNumberId, String wabaId,
		EncryptedSecret accessToken, List<EncryptedSecret> appSecrets, EncryptedSecret verifyToken,
		Integer messagesPerSecond, String baseUrl, Map<String, String> customFields, boolean active,
		Map<String, String> templateFallbacks) {

	/** Provider of a Meta WhatsApp Cloud API channel. */
	public static final String META = "META";

	/** Provider of a CBB channel. */
	public static final String CBB = "CBB";

	public ChannelConfig {
		appSecrets = (appSecrets != null) ? List.copyOf(appSecrets) : List.of();
		customFields = (customFields != null) ? Map.copyOf(customFields) : Map.of();
		templateFallbacks = (templateFallbacks != null) ? Map.copyOf(templateFallbacks) : Map.of();
	}

	/** A channel without template fallbacks. */
	public ChannelConfig(String channelId, String provider, String phoneNumberId, String wabaId,
			EncryptedSecret accessToken, List<EncryptedSecret> appSecrets, EncryptedSecret verifyToken,
			Integer messagesPerSecond, String baseUrl, Map<String, String> customFields, boolean active) {
		this(channelId, provider, phoneNumberId, wabaId, accessToken, appSecrets, verifyToken, messagesPerSecond,
				baseUrl, customFields, active, Map.of());
	}

}
