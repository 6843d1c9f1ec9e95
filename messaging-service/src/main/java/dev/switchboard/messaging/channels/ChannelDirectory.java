package dev.switchboard.messaging.channels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

/** Finds a tenant's channels. */
@Component
public class ChannelDirectory {

	private final Map<String, List<Channel>> byTenant;

	ChannelDirectory(ChannelProperties properties) {
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
	}

	/**
	 * The tenant's channel with that id, or the tenant's default channel when the id is
	 * null.
	 */
	public Optional<Channel> find(String tenantId, String channelId) {
		List<Channel> channels = this.byTenant.getOrDefault(tenantId, List.of());
		if (channelId == null) {
			return channels.stream().findFirst();
		}
		return channels.stream().filter((channel) -> channel.channelId().equals(channelId)).findFirst();
	}

	/** The tenant's channels on a business phone number. */
	public List<Channel> byPhoneNumberId(String tenantId, String phoneNumberId) {
		return this.byTenant.getOrDefault(tenantId, List.of())
			.stream()
			.filter((channel) -> channel.phoneNumberId().equals(phoneNumberId))
			.toList();
	}

}
