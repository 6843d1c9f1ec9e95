package dev.switchboard.templates.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.switchboard.events.tenants.ChannelConfig;
import dev.switchboard.events.tenants.TenantConfig;
import dev.switchboard.tenants.SecretCipher;
import dev.switchboard.tenants.TenantDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The WABAs to sync: every active Meta channel with a WABA id of every active tenant in
 * the tenant configuration the gateway publishes ({@code tenants.config.v1}), its access
 * token opened with the shared cipher. Numbers sharing a WABA give one account.
 */
@Component
public class WabaAccounts {

	private static final Logger log = LoggerFactory.getLogger(WabaAccounts.class);

	private final TenantDirectory tenants;

	private final SecretCipher cipher;

	WabaAccounts(ObjectProvider<TenantDirectory> tenants, ObjectProvider<SecretCipher> cipher) {
		this.tenants = tenants.getIfAvailable();
		this.cipher = cipher.getIfAvailable();
	}

	/** The accounts of one tenant, or of every tenant when {@code tenantId} is null. */
	public List<WabaAccount> accounts(String tenantId) {
		if (this.tenants == null || this.cipher == null) {
			log.warn("No tenant directory or secrets key: there are no WABAs to sync");
			return List.of();
		}
		List<TenantConfig> configs = (tenantId != null) ? this.tenants.tenant(tenantId).stream().toList()
				: this.tenants.tenants();
		Map<String, WabaAccount> accounts = new LinkedHashMap<>();
		for (TenantConfig tenant : configs) {
			if (!tenant.active()) {
				continue;
			}
			for (ChannelConfig channel : tenant.channels()) {
				if (!channel.active() || !ChannelConfig.META.equals(channel.provider()) || channel.wabaId() == null
						|| channel.accessToken() == null) {
					continue;
				}
				String key = tenant.tenantId() + ":" + channel.wabaId();
				if (accounts.containsKey(key)) {
					continue;
				}
				try {
					String token = this.cipher.decrypt(channel.accessToken(),
							tenant.tenantId() + "/" + channel.channelId() + "/accessToken");
					accounts.put(key, new WabaAccount(tenant.tenantId(), channel.wabaId(), token));
				}
				catch (RuntimeException ex) {
					log.warn("Channel {} of tenant {} cannot be synced: {}", channel.channelId(), tenant.tenantId(),
							ex.toString());
				}
			}
		}
		return new ArrayList<>(accounts.values());
	}

}
