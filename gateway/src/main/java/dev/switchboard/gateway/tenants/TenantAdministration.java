package dev.switchboard.gateway.tenants;

import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.switchboard.outbound.OutboundUrlPolicy;
import dev.switchboard.outbound.OutboundUrlRefused;
import dev.switchboard.events.tenants.ChannelConfig;
import dev.switchboard.events.tenants.OrderSourceConfig;
import dev.switchboard.events.tenants.TenantSecret;
import dev.switchboard.tenants.SecretCipher;
import dev.switchboard.gateway.keys.KeyInvalidation;
import dev.switchboard.gateway.tenants.TenantRequests.ChannelTemplateFallbacks;
import dev.switchboard.gateway.tenants.TenantRequests.NewChannel;
import dev.switchboard.gateway.tenants.TenantRequests.NewTenant;
import dev.switchboard.gateway.tenants.TenantRequests.OrderSourceSecrets;
import dev.switchboard.gateway.tenants.TenantRequests.SecretValue;
import dev.switchboard.gateway.tenants.TenantStore.SecretRow;
import dev.switchboard.gateway.web.GatewayProblem;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Changes to tenants, channels and order sources. Each change and the publication of the
 * tenant's new configuration commit in one transaction; a suspension also reaches every
 * gateway replica's key cache right after the commit.
 */
@Component
class TenantAdministration {

	private final TenantStore store;

	private final TenantConfigChanges changes;

	private final SecretCipher cipher;

	private final KeyInvalidation invalidation;

	private final TransactionalOperator transactions;

	private final OutboundUrlPolicy outboundUrls;

	TenantAdministration(TenantStore store, TenantConfigChanges changes, SecretCipher cipher,
			KeyInvalidation invalidation, TransactionalOperator transactions, OutboundUrlPolicy outboundUrls) {
		this.store = store;
		this.changes = changes;
		this.cipher = cipher;
		this.invalidation = invalidation;
		this.transactions = transactions;
		this.outboundUrls = outboundUrls;
	}

	Mono<TenantRow> create(NewTenant request) {
		validate(request.errors());
		Mono<TenantRow> create = this.store.insertTenant(request.id(), request.name().strip(), request.planOrDefault())
			.switchIfEmpty(Mono.error(() -> conflict("Tenant " + request.id() + " already exists")))
			.flatMap((tenant) -> this.changes.changed(tenant.id()));
		// A key of a tenant id that was unknown a moment ago may be cached as unknown.
		return this.transactions.transactional(create)
			.flatMap((tenant) -> this.invalidation.tenantChanged(tenant.id()).thenReturn(tenant));
	}

	Mono<TenantRow> setStatus(String tenantId, String status) {
		Mono<TenantRow> change = this.store.setStatus(tenantId, status)
			.switchIfEmpty(Mono.error(() -> notFound(tenantId)))
			.flatMap((tenant) -> this.changes.changed(tenantId));
		return this.transactions.transactional(change)
			.flatMap((tenant) -> this.invalidation.tenantChanged(tenantId).thenReturn(tenant));
	}

	Mono<ChannelConfig> addChannel(String tenantId, NewChannel request) {
		validateTemplateFallbacks(request.templateFallbacks());
		validate(request.errors());
		Mono<ChannelConfig> add = encrypted(() -> request.encrypt(tenantId, this.cipher))
			.flatMap((channel) -> existing(tenantId).then(this.store.insertChannel(tenantId, channel))
				.switchIfEmpty(Mono.error(() -> conflict("Channel " + channel.channelId() + " already exists")))
				.onErrorMap(DataIntegrityViolationException.class,
						(ex) -> conflict("Phone number id " + channel.phoneNumberId() + " belongs to another channel")))
			.flatMap((added) -> this.changes.changed(tenantId).thenReturn(added));
		// Checked before the transaction: no connection is held while names resolve.
		return checkedBaseUrl(request).then(this.transactions.transactional(add));
	}

	/**
	 * Replaces a channel's template fallbacks and publishes the tenant's configuration.
	 */
	Mono<ChannelConfig> setTemplateFallbacks(String tenantId, String channelId, ChannelTemplateFallbacks request) {
		validateTemplateFallbacks(request.templateFallbacks());
		Mono<ChannelConfig> set = existing(tenantId)
			.then(this.store.setTemplateFallbacks(tenantId, channelId,
					TenantRequests.templateFallbacks(request.templateFallbacks())))
			.switchIfEmpty(Mono.error(() -> GatewayProblem.of(HttpStatus.NOT_FOUND, "NOT_FOUND",
					"No channel " + channelId + " of tenant " + tenantId)))
			.flatMap((channel) -> this.changes.changed(tenantId).thenReturn(channel));
		return this.transactions.transactional(set);
	}

	private static void validateTemplateFallbacks(Map<String, Object> fallbacks) {
		List<String> errors = TenantRequests.templateFallbackErrors(fallbacks);
		if (!errors.isEmpty()) {
			throw GatewayProblem.of(HttpStatus.BAD_REQUEST, "INVALID_TEMPLATE_FALLBACKS", String.join("; ", errors));
		}
	}

	/**
	 * A CBB base URL must pass the outbound URL policy: https, not resolving to a
	 * private, loopback, link-local, multicast or metadata address. The services check it
	 * again before every call (DNS can change).
	 */
	private Mono<Void> checkedBaseUrl(NewChannel request) {
		if (!ChannelConfig.CBB.equals(request.provider())) {
			return Mono.empty();
		}
		return this.outboundUrls.check(request.baseUrl())
			.onErrorMap(OutboundUrlRefused.class, (refused) -> invalidBaseUrl(refused.reason()))
			.onErrorMap(UnknownHostException.class, (ex) -> invalidBaseUrl("its host does not resolve"))
			.then();
	}

	private static GatewayProblem invalidBaseUrl(String reason) {
		return GatewayProblem.of(HttpStatus.BAD_REQUEST, "INVALID_CHANNEL_BASE_URL", "baseUrl: " + reason);
	}

	Mono<OrderSourceConfig> putOrderSource(String tenantId, String source, OrderSourceSecrets request) {
		if (source == null || !TenantRequests.PLAN.matcher(source).matches()) {
			validate(List.of("source: 1-32 lower case letters, digits or dashes"));
		}
		validate(request.errors());
		Mono<OrderSourceConfig> put = encrypted(() -> request.encrypt(tenantId, source, this.cipher))
			.flatMap((config) -> existing(tenantId).then(this.store.putOrderSource(tenantId, config)))
			.flatMap((stored) -> this.changes.changed(tenantId).thenReturn(stored));
		return this.transactions.transactional(put);
	}

	/**
	 * Sets a named secret (created or replaced) and publishes the tenant's configuration
	 * with it, encrypted.
	 */
	Mono<SecretRow> putSecret(String tenantId, String name, SecretValue request) {
		checkSecretName(name);
		String error = request.error();
		if (error != null) {
			throw GatewayProblem.of(HttpStatus.BAD_REQUEST, "INVALID_SECRET_VALUE", error);
		}
		Mono<SecretRow> put = encrypted(() -> new TenantSecret(name, request.encrypt(tenantId, name, this.cipher)))
			.flatMap((secret) -> existing(tenantId).then(this.store.putSecret(tenantId, secret)))
			.flatMap((stored) -> this.changes.changed(tenantId).thenReturn(stored));
		return this.transactions.transactional(put);
	}

	/** Deletes a named secret and publishes the tenant's configuration without it. */
	Mono<Void> deleteSecret(String tenantId, String name) {
		checkSecretName(name);
		Mono<TenantRow> delete = existing(tenantId).then(this.store.deleteSecret(tenantId, name))
			.flatMap((deleted) -> deleted ? this.changes.changed(tenantId) : Mono.error(GatewayProblem
				.of(HttpStatus.NOT_FOUND, "NOT_FOUND", "No secret " + name + " of tenant " + tenantId)));
		return this.transactions.transactional(delete).then();
	}

	static void checkSecretName(String name) {
		if (name == null || !TenantRequests.SECRET_NAME.matcher(name).matches()) {
			throw GatewayProblem.of(HttpStatus.BAD_REQUEST, "INVALID_SECRET_NAME",
					"name: a lower case letter, then up to 63 lower case letters, digits or underscores");
		}
	}

	/** Encryption draws nonces from the OS entropy pool: never on an event loop. */
	private static <T> Mono<T> encrypted(Callable<T> encryption) {
		return Mono.fromCallable(encryption).subscribeOn(Schedulers.boundedElastic());
	}

	Mono<TenantRow> existing(String tenantId) {
		return this.store.tenant(tenantId).switchIfEmpty(Mono.error(() -> notFound(tenantId)));
	}

	static void validate(List<String> errors) {
		if (!errors.isEmpty()) {
			throw GatewayProblem.of(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", String.join("; ", errors));
		}
	}

	static GatewayProblem notFound(String tenantId) {
		return GatewayProblem.of(HttpStatus.NOT_FOUND, "NOT_FOUND", "No tenant " + tenantId);
	}

	private static GatewayProblem conflict(String detail) {
		return GatewayProblem.of(HttpStatus.CONFLICT, "CONFLICT", detail);
	}

}
