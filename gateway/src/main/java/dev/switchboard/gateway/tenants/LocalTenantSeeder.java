package dev.switchboard.gateway.tenants;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.switchboard.events.tenants.ChannelConfig;
import dev.switchboard.events.tenants.OrderSourceConfig;
import dev.switchboard.events.tenants.TenantSecret;
import dev.switchboard.tenants.SecretCipher;
import dev.switchboard.gateway.tenants.TenantRequests.NewChannel;
import dev.switchboard.gateway.tenants.TenantRequests.OrderSourceSecrets;
import dev.switchboard.gateway.tenants.TenantRequests.SecretValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Local stack and tests only ({@code switchboard.seed.demo-tenants=true}): gives the demo
 * tenants (created by the local migration) their channels, order source and the helpdesk
 * token their failed-message escalation workflow sends, and publishes their configuration
 * once. Idempotent: what exists is left alone, and a tenant is only published when
 * something was added or it was never published.
 */
@Component
@ConditionalOnProperty(name = "switchboard.seed.demo-tenants", havingValue = "true")
class LocalTenantSeeder implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(LocalTenantSeeder.class);

	static final NewChannel DEMO_META = new NewChannel("demo-meta", "META", "100000000000001", "200000000000001",
			"demo-access-token", List.of("demo-app-secret"), "demo-verify-token", 80, null, null);

	static final NewChannel DEMO_CBB = demoCbb("http://localhost:8090/cbb");

	static final OrderSourceSecrets DEMO_VIZI = new OrderSourceSecrets(
			List.of("whsec_ZGVtby12aXppLXNpZ25pbmctc2VjcmV0"));

	private final TenantStore store;

	private final TenantConfigChanges changes;

	private final SecretCipher cipher;

	private final TransactionalOperator transactions;

	/** The demo tenant's secret that its escalation workflow sends to the helpdesk. */
	static final String HELPDESK_TOKEN = "helpdesk_token";

	private final NewChannel demoCbb;

	private final SecretValue demoHelpdeskToken;

	/**
	 * @param demoCbbBaseUrl where the demo CBB channel sends: the simulators, which are
	 * not on localhost when the stack runs in containers
	 * @param demoHelpdeskToken the demo tenant's {@code helpdesk_token}: the token the
	 * simulators' helpdesk expects (local only)
	 */
	LocalTenantSeeder(TenantStore store, TenantConfigChanges changes, SecretCipher cipher,
			TransactionalOperator transactions,
			@Value("${switchboard.seed.demo-cbb-base-url:http://localhost:8090/cbb}") String demoCbbBaseUrl,
			@Value("${switchboard.seed.demo-helpdesk-token:demo-helpdesk-token}") String demoHelpdeskToken) {
		this.store = store;
		this.changes = changes;
		this.cipher = cipher;
		this.transactions = transactions;
		this.demoCbb = demoCbb(demoCbbBaseUrl);
		this.demoHelpdeskToken = new SecretValue(demoHelpdeskToken);
	}

	/** The demo tenant's CBB channel, sending to that base URL. */
	static NewChannel demoCbb(String baseUrl) {
		return new NewChannel("demo-cbb", "CBB", null, null, "demo-cbb-token", null, null, null, baseUrl, Map.of());
	}

	@Override
	public void run(ApplicationArguments args) {
		// Encrypted here, on the starting thread: encryption reads the OS entropy pool.
		ChannelConfig meta = DEMO_META.encrypt("demo", this.cipher);
		ChannelConfig cbb = this.demoCbb.encrypt("demo", this.cipher);
		OrderSourceConfig vizi = DEMO_VIZI.encrypt("demo", "vizi", this.cipher);
		TenantSecret helpdeskToken = new TenantSecret(HELPDESK_TOKEN,
				this.demoHelpdeskToken.encrypt("demo", HELPDESK_TOKEN, this.cipher));
		Mono<Boolean> demoAdded = Flux
			.concat(this.store.insertChannel("demo", meta).map((added) -> true),
					this.store.insertChannel("demo", cbb).map((added) -> true), addMissingOrderSource(vizi),
					addMissingSecret(helpdeskToken))
			.collectList()
			.map((added) -> !added.isEmpty());
		Mono<Void> seed = demoAdded.flatMap((added) -> publishIfNeeded("demo", added))
			.then(publishIfNeeded("acme", false));
		this.transactions.transactional(seed).block(Duration.ofSeconds(60));
	}

	private Mono<Boolean> addMissingOrderSource(OrderSourceConfig vizi) {
		return this.store.orderSources("demo")
			.filter((source) -> "vizi".equals(source.source()))
			.hasElements()
			.flatMap(
					(present) -> present ? Mono.empty() : this.store.putOrderSource("demo", vizi).map((added) -> true));
	}

	private Mono<Boolean> addMissingSecret(TenantSecret secret) {
		return this.store.secretNames("demo")
			.filter((stored) -> secret.name().equals(stored.name()))
			.hasElements()
			.flatMap((present) -> present ? Mono.empty() : this.store.putSecret("demo", secret).map((added) -> true));
	}

	private Mono<Void> publishIfNeeded(String tenantId, boolean added) {
		return this.store.tenant(tenantId)
			.filter((tenant) -> added || tenant.version() == 0)
			.flatMap((tenant) -> this.changes.changed(tenantId))
			.doOnNext((tenant) -> log.info("Published demo tenant {} configuration version {}", tenantId,
					tenant.version()))
			.then();
	}

}
