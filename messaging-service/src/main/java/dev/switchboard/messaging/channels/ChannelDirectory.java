package dev.switchboard.messaging.channels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchboard.tenants.TenantDirectory;
import dev.switchboard.events.tenants.ChannelConfig;
import dev.switchboard.tenants.SecretCipher;
import dev.switchboard.events.tenants.TenantConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Finds a tenant's channels: from the tenant configuration the gateway publishes
 * ({@code tenants.config.v1}, followed by the shared {@link TenantDirectory}, access
 * tokens opened with the shared cipher) when it knows the tenant, else from
 * {@code switchboard.messaging.channels}.
 */
@Component
public class ChannelDirectory {

	private static final Logger log = LoggerFactory.getLogger(ChannelDirectory.class);

	/** Stands in for the number of a CBB channel whose configuration names none. */
	private static final String UNNAMED_NUMBER_PREFIX = "cbb-";

	private final Map<String, List<Channel>> byTenant;

	private final TenantDirectory tenants;

	private final SecretCipher cipher;

	/** Channels built from a tenant configuration version, tokens opened once. */
	private final Map<String, List<Channel>> opened = new ConcurrentHashMap<>();

	ChannelDirectory(ChannelProperties properties, ObjectProvider<TenantDirectory> tenants,
			ObjectProvider<SecretCipher> cipher) {
		Map<String, List<Channel>> channels = new LinkedHashMap<>();
		for (Channel channel : properties.channels()) {
			List<Channel> tenantChannels = channels.computeIfAbsent(channel.tenantId(), (tenant) -> new ArrayList<>());
			if (tenantChannels.stream().anyMatch((known) -> known.channelId().equals(channel.channelId()))) {
				throw new IllegalStateException("Channel " + channel.channelId() + " of tenant " + channel.tenantId()
						+ " is configured twice under switchboard.messaging.channels");
			}
			tenantChannels.add(channel);
		}
		channels.replaceAll((tenant, list) -> List.copyOf(list));
		this.byTenant = Map.copyOf(channels);
		this.tenants = tenants.getIfAvailable();
		this.cipher = cipher.getIfAvailable();
	}

	/**
	 * The tenant's channel with that id, or the tenant's default channel when the id is
	 * null: its first Meta channel (the one whose customer-service window and statuses
	 * the platform tracks itself), else its first channel.
	 */
	public Optional<Channel> find(String tenantId, String channelId) {
		List<Channel> channels = channels(tenantId);
		if (channelId == null) {
			return channels.stream()
				.filter((channel) -> channel.provider() == Provider.META)
				.findFirst()
				.or(() -> channels.stream().findFirst());
		}
		return channels.stream().filter((channel) -> channel.channelId().equals(channelId)).findFirst();
	}

	/** The tenant's channels on a business phone number. */
	public List<Channel> byPhoneNumberId(String tenantId, String phoneNumberId) {
		return channels(tenantId).stream().filter((channel) -> channel.phoneNumberId().equals(phoneNumberId)).toList();
	}

	/**
	 * The tenant's CBB channels whose statuses may arrive for a business number: those on
	 * that number, and those whose configuration names no number (CBB sends through one
	 * of the tenant's numbers without saying which).
	 */
	public List<Channel> cbbChannelsFor(String tenantId, String phoneNumberId) {
		return channels(tenantId).stream()
			.filter((channel) -> channel.provider() == Provider.CBB)
			.filter((channel) -> channel.phoneNumberId().equals(phoneNumberId) || !namesNumber(channel))
			.toList();
	}

	/** Whether the channel's configuration names its business phone number. */
	public static boolean namesNumber(Channel channel) {
		return !channel.phoneNumberId().startsWith(UNNAMED_NUMBER_PREFIX);
	}

	private List<Channel> channels(String tenantId) {
		Optional<TenantConfig> config = (this.tenants != null) ? this.tenants.tenant(tenantId) : Optional.empty();
		if (config.isEmpty() || this.cipher == null) {
			return this.byTenant.getOrDefault(tenantId, List.of());
		}
		TenantConfig tenant = config.get();
		if (!tenant.active()) {
			return List.of();
		}
		return this.opened.computeIfAbsent(tenantId + "@" + tenant.version(), (key) -> open(tenant));
	}

	private List<Channel> open(TenantConfig tenant) {
		List<Channel> channels = new ArrayList<>();
		for (ChannelConfig config : tenant.channels()) {
			if (!config.active() || config.accessToken() == null) {
				continue;
			}
			try {
				String token = this.cipher.decrypt(config.accessToken(),
						tenant.tenantId() + "/" + config.channelId() + "/accessToken");
				Provider provider = Provider.valueOf(config.provider());
				String number = (config.phoneNumberId() != null) ? config.phoneNumberId()
						: UNNAMED_NUMBER_PREFIX + config.channelId();
				channels.add(new Channel(tenant.tenantId(), config.channelId(), provider, number, token,
						config.baseUrl(), config.messagesPerSecond(), config.templateFallbacks()));
			}
			catch (RuntimeException ex) {
				log.warn("Channel {} of tenant {} cannot be used: {}", config.channelId(), tenant.tenantId(),
						ex.toString());
			}
		}
		return List.copyOf(channels);
	}

}
