package dev.switchboard.ingest.channels;

import java.time.Duration;

import dev.switchboard.tenants.TenantDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Holds webhooks that arrive before the tenant directory has read
 * {@code tenants.config.v1} to its end (right after start-up) until it has, for at most
 * {@link #WAIT}: routed earlier, a webhook of a channel the directory has not read yet
 * would be refused or parked as unrouted. Readiness ({@code tenantDirectory}) keeps
 * traffic away meanwhile; this covers what arrives anyway.
 */
@Component
class TenantsReadyGate implements WebFilter {

	/**
	 * Enough for a directory that reaches Kafka to read the (small, compacted) topic;
	 * short when Kafka is down, where the answer is a 503 anyway.
	 */
	static final Duration WAIT = Duration.ofSeconds(3);

	private static final Logger log = LoggerFactory.getLogger(TenantsReadyGate.class);

	private final TenantDirectory directory;

	private final Duration wait;

	@Autowired
	TenantsReadyGate(ObjectProvider<TenantDirectory> directory) {
		this(directory.getIfAvailable(), WAIT);
	}

	TenantsReadyGate(TenantDirectory directory, Duration wait) {
		this.directory = directory;
		this.wait = wait;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (this.directory == null || this.directory.isReady() || !isWebhook(exchange)) {
			return chain.filter(exchange);
		}
		return this.directory.ready().timeout(this.wait).onErrorResume((ex) -> {
			log.warn("Tenant directory not ready after {}; handling {} with what it knows", this.wait,
					exchange.getRequest().getPath());
			return Mono.empty();
		}).then(Mono.defer(() -> chain.filter(exchange)));
	}

	private static boolean isWebhook(ServerWebExchange exchange) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		return path.startsWith("/webhooks/") || path.startsWith("/api/v1/webhooks/");
	}

}
