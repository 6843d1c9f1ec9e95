package dev.switchboard.tenants;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

import dev.switchboard.events.tenants.ChannelConfig;
import dev.switchboard.events.tenants.TenantConfig;

/**
 * An immutable view of every known tenant with its lookup indexes; replaced as a whole on
 * each change so readers never see a half-applied update.
 */
final class TenantSnapshot {

	static final TenantSnapshot EMPTY = new TenantSnapshot(Map.of());

	private final Map<String, TenantConfig> tenants;

	private final Map<String, ChannelRef> byPhoneNumberId;

	private TenantSnapshot(Map<String, TenantConfig> tenants) {
		this.tenants = Map.copyOf(tenants);
		this.byPhoneNumberId = indexByPhoneNumberId(this.tenants);
	}

	/**
	 * This snapshot with {@code config} applied, unless an equal or newer version is
	 * known.
	 */
	TenantSnapshot with(TenantConfig config) {
		TenantConfig known = this.tenants.get(config.tenantId());
		if (known != null && known.version() >= config.version()) {
			return this;
		}
		Map<String, TenantConfig> next = new HashMap<>(this.tenants);
		next.put(config.tenantId(), config);
		return new TenantSnapshot(next);
	}

	TenantSnapshot without(String tenantId) {
		if (!this.tenants.containsKey(tenantId)) {
			return this;
		}
		Map<String, TenantConfig> next = new HashMap<>(this.tenants);
		next.remove(tenantId);
		return new TenantSnapshot(next);
	}

	Optional<TenantConfig> tenant(String tenantId) {
		return Optional.ofNullable(this.tenants.get(tenantId));
	}

	Optional<ChannelRef> byPhoneNumberId(String phoneNumberId) {
		return Optional.ofNullable(this.byPhoneNumberId.get(phoneNumberId));
	}

	Optional<ChannelRef> channel(String tenantId, String channelId) {
		return tenant(tenantId).flatMap((tenant) -> tenant.channels()
			.stream()
			.filter((channel) -> channel.channelId().equals(channelId))
			.findFirst()
			.map((channel) -> new ChannelRef(tenant, channel)));
	}

	Collection<TenantConfig> tenants() {
		return this.tenants.values();
	}

	int size() {
		return this.tenants.size();
	}

	/**
	 * A number moved between tenants may briefly appear twice; the active channel wins,
	 * then the most recently changed tenant.
	 */
	private static Map<String, ChannelRef> indexByPhoneNumberId(Map<String, TenantConfig> tenants) {
		Comparator<ChannelRef> preference = Comparator.comparing(ChannelRef::active)
			.thenComparing((ref) -> ref.tenant().updatedAt(), Comparator.nullsFirst(Comparator.naturalOrder()));
		Map<String, ChannelRef> index = new HashMap<>();
		for (TenantConfig tenant : tenants.values()) {
			for (ChannelConfig channel : tenant.channels()) {
				if (channel.phoneNumberId() != null) {
					index.merge(channel.phoneNumberId(), new ChannelRef(tenant, channel),
							(a, b) -> (preference.compare(a, b) >= 0) ? a : b);
				}
			}
		}
		return index;
	}

}
