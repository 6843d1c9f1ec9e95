package dev.switchboard.ingest.orders;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.switchboard.ingest.channels.TenantChannels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The tenants' order sources: from the gateway's tenant configuration first, then the
 * statically configured ones (a seed for local runs and tests) for tenants the
 * configuration does not name.
 */
@Component
class OrderSources {

	private static final Logger log = LoggerFactory.getLogger(OrderSources.class);

	private final OrderSourceProperties properties;

	private final TenantChannels tenants;

	OrderSources(OrderSourceProperties properties, TenantChannels tenants) {
		this.properties = properties;
		this.tenants = tenants;
	}

	/** The configurations of one source, one per tenant using it. */
	List<OrderSourceConfig> forSource(String source) {
		List<OrderSourceConfig> sources = new ArrayList<>();
		Set<String> configured = new TreeSet<>();
		this.tenants.orderSourceSecrets(source).forEach((tenantId, secrets) -> {
			configured.add(tenantId);
			try {
				sources.add(new OrderSourceConfig(tenantId, source, secrets));
			}
			catch (IllegalArgumentException ex) {
				log.warn("Order source {} of tenant {} is ignored: a signing secret is not whsec_<base64>", source,
						tenantId);
			}
		});
		this.properties.forSource(source)
			.stream()
			.filter((config) -> !configured.contains(config.tenantId()))
			.forEach(sources::add);
		return sources;
	}

}
