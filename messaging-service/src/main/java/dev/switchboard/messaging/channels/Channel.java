package dev.switchboard.messaging.channels;

import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * One WhatsApp channel of a tenant.
 *
 * @param tenantId owning tenant
 * @param channelId channel id, unique within the tenant
 * @param provider provider the channel sends through
 * @param phoneNumberId Meta business phone number id of the channel (CBB channels too:
 * their statuses arrive from Meta for this number)
 * @param accessToken provider access token; never logged
 * @param baseUrl provider base URL: the CBB API root (e.g.
 * {@code https://app.chatgptbuilder.io/api}); for Meta an optional override of the Graph
 * API base URL
 * @param messagesPerSecond the number's throughput tier (80 by default, up to 1,000)
 * @param templateFallbacks per template name, the template sent in its place while it is
 * PAUSED or DISABLED (same language and parameters); bind names with underscores in
 * brackets, e.g. {@code template-fallbacks[order_alert]=order_alert_basic}
 */
public record Channel(@NotBlank String tenantId, @NotBlank String channelId, @NotNull Provider provider,
		@NotBlank String phoneNumberId, @NotBlank String accessToken, String baseUrl,
		@Min(1) @Max(1000) Integer messagesPerSecond, Map<String, String> templateFallbacks) {

	/** Meta's default throughput of a business phone number. */
	public static final int DEFAULT_MESSAGES_PER_SECOND = 80;

	@ConstructorBinding
	public Channel {
		templateFallbacks = (templateFallbacks != null) ? Map.copyOf(templateFallbacks) : Map.of();
		if (provider == Provider.CBB && (baseUrl == null || baseUrl.isBlank())) {
			throw new IllegalArgumentException("CBB channel " + channelId + " needs a base-url");
		}
	}

	/** A channel without template fallbacks. */
	public Channel(String tenantId, String channelId, Provider provider, String phoneNumberId, String accessToken,
			String baseUrl, Integer messagesPerSecond) {
		this(tenantId, channelId, provider, phoneNumberId, accessToken, baseUrl, messagesPerSecond, Map.of());
	}

	/** The number's tier rate in messages per second. */
	public int tierRate() {
		return (this.messagesPerSecond != null) ? this.messagesPerSecond : DEFAULT_MESSAGES_PER_SECOND;
	}

	/** Leaves the access token out so that it cannot end up in a log. */
	@Override
	public String toString() {
		return "Channel[tenantId=" + this.tenantId + ", channelId=" + this.channelId + ", provider=" + this.provider
				+ ", phoneNumberId=" + this.phoneNumberId + ", baseUrl=" + this.baseUrl + ", accessToken=***]";
	}

}
