package dev.switchboard.gateway.tenants;

import java.net.URI;
import java.util.List;

import dev.switchboard.gateway.tenants.TenantRequests.ChannelTemplateFallbacks;
import dev.switchboard.gateway.tenants.TenantRequests.NewChannel;
import dev.switchboard.gateway.tenants.TenantRequests.NewTenant;
import dev.switchboard.gateway.tenants.TenantRequests.OrderSourceSecrets;
import dev.switchboard.gateway.tenants.TenantRequests.SecretValue;
import dev.switchboard.gateway.tenants.TenantViews.ChannelView;
import dev.switchboard.gateway.tenants.TenantViews.OrderSourceView;
import dev.switchboard.gateway.tenants.TenantViews.SecretView;
import dev.switchboard.gateway.tenants.TenantViews.TenantPage;
import dev.switchboard.gateway.tenants.TenantViews.TenantView;
import dev.switchboard.gateway.web.AdminPaging;
import dev.switchboard.gateway.web.GatewayProblem;
import dev.switchboard.gateway.web.JsonBodies;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Operator API for tenants, their channels, order sources and named secrets under
 * {@code /admin/v1/tenants}. Only operator keys get here (see the admin access filter).
 */
@Configuration(proxyBeanMethods = false)
class TenantAdminRoutes {

	private static final String TENANT = "/admin/v1/tenants/{tenantId}";

	private final TenantAdministration administration;

	private final TenantStore store;

	TenantAdminRoutes(TenantAdministration administration, TenantStore store) {
		this.administration = administration;
		this.store = store;
	}

	@Bean
	RouterFunction<ServerResponse> tenantAdminRouter() {
		return RouterFunctions.route()
			.POST("/admin/v1/tenants", this::create)
			.GET("/admin/v1/tenants", this::list)
			.GET(TENANT, this::get)
			.POST(TENANT + "/suspend", (request) -> status(request, TenantRow.SUSPENDED))
			.POST(TENANT + "/activate", (request) -> status(request, TenantRow.ACTIVE))
			.POST(TENANT + "/channels", this::addChannel)
			.GET(TENANT + "/channels", this::channels)
			.PUT(TENANT + "/channels/{channelId}/template-fallbacks", this::setTemplateFallbacks)
			.PUT(TENANT + "/order-sources/{source}", this::putOrderSource)
			.GET(TENANT + "/order-sources", this::orderSources)
			.PUT(TENANT + "/secrets/{name}", this::putSecret)
			.DELETE(TENANT + "/secrets/{name}", this::deleteSecret)
			.GET(TENANT + "/secrets", this::secrets)
			.build();
	}

	private Mono<ServerResponse> create(ServerRequest request) {
		return JsonBodies.required(request, NewTenant.class)
			.flatMap((tenant) -> Mono.defer(() -> this.administration.create(tenant)))
			.flatMap((tenant) -> ServerResponse.created(URI.create("/admin/v1/tenants/" + tenant.id()))
				.bodyValue(TenantView.of(tenant)));
	}

	private Mono<ServerResponse> list(ServerRequest request) {
		int limit = AdminPaging.limit(request);
		String cursor = request.queryParam("cursor").orElse(null);
		if (cursor != null && !TenantRequests.ID.matcher(cursor).matches()) {
			return Mono.error(GatewayProblem.of(HttpStatus.BAD_REQUEST, "INVALID_CURSOR",
					"cursor: the nextCursor of a previous page"));
		}
		return this.store.tenants(cursor, limit)
			.map(TenantView::of)
			.collectList()
			.flatMap((items) -> ServerResponse.ok()
				.bodyValue(new TenantPage(items, (items.size() == limit) ? items.get(items.size() - 1).id() : null)));
	}

	private Mono<ServerResponse> get(ServerRequest request) {
		return this.administration.existing(request.pathVariable("tenantId"))
			.flatMap((tenant) -> ServerResponse.ok().bodyValue(TenantView.of(tenant)));
	}

	private Mono<ServerResponse> status(ServerRequest request, String status) {
		return this.administration.setStatus(request.pathVariable("tenantId"), status)
			.flatMap((tenant) -> ServerResponse.ok().bodyValue(TenantView.of(tenant)));
	}

	private Mono<ServerResponse> addChannel(ServerRequest request) {
		String tenantId = request.pathVariable("tenantId");
		return JsonBodies.required(request, NewChannel.class)
			.flatMap((channel) -> Mono.defer(() -> this.administration.addChannel(tenantId, channel)))
			.flatMap((channel) -> ServerResponse
				.created(URI.create(TENANT.replace("{tenantId}", tenantId) + "/channels/" + channel.channelId()))
				.bodyValue(ChannelView.of(channel)));
	}

	private Mono<ServerResponse> setTemplateFallbacks(ServerRequest request) {
		String tenantId = request.pathVariable("tenantId");
		String channelId = request.pathVariable("channelId");
		return JsonBodies.required(request, ChannelTemplateFallbacks.class)
			.flatMap((fallbacks) -> Mono
				.defer(() -> this.administration.setTemplateFallbacks(tenantId, channelId, fallbacks)))
			.flatMap((channel) -> ServerResponse.ok().bodyValue(ChannelView.of(channel)));
	}

	private Mono<ServerResponse> channels(ServerRequest request) {
		String tenantId = request.pathVariable("tenantId");
		return this.administration.existing(tenantId)
			.thenMany(this.store.channels(tenantId).map(ChannelView::of))
			.collectList()
			.flatMap((items) -> ServerResponse.ok().bodyValue(new Items<>(items)));
	}

	private Mono<ServerResponse> putOrderSource(ServerRequest request) {
		String tenantId = request.pathVariable("tenantId");
		String source = request.pathVariable("source");
		return JsonBodies.required(request, OrderSourceSecrets.class)
			.flatMap((secrets) -> Mono.defer(() -> this.administration.putOrderSource(tenantId, source, secrets)))
			.flatMap((stored) -> ServerResponse.ok().bodyValue(OrderSourceView.of(stored)));
	}

	private Mono<ServerResponse> orderSources(ServerRequest request) {
		String tenantId = request.pathVariable("tenantId");
		return this.administration.existing(tenantId)
			.thenMany(this.store.orderSources(tenantId).map(OrderSourceView::of))
			.collectList()
			.flatMap((items) -> ServerResponse.ok().bodyValue(new Items<>(items)));
	}

	private Mono<ServerResponse> putSecret(String tenantId, String name, SecretValue value) {
		return this.administration.putSecret(tenantId, name, value)
			.flatMap((stored) -> ServerResponse.ok().bodyValue(SecretView.of(stored)));
	}

	private Mono<ServerResponse> putSecret(ServerRequest request) {
		String tenantId = request.pathVariable("tenantId");
		String name = request.pathVariable("name");
		// The name is checked before the body is read: a bad name is refused as such.
		return Mono.fromRunnable(() -> TenantAdministration.checkSecretName(name))
			.then(JsonBodies.required(request, SecretValue.class))
			.flatMap((value) -> Mono.defer(() -> putSecret(tenantId, name, value)));
	}

	private Mono<ServerResponse> deleteSecret(ServerRequest request) {
		return Mono.defer(
				() -> this.administration.deleteSecret(request.pathVariable("tenantId"), request.pathVariable("name")))
			.then(ServerResponse.noContent().build());
	}

	private Mono<ServerResponse> secrets(ServerRequest request) {
		String tenantId = request.pathVariable("tenantId");
		return this.administration.existing(tenantId)
			.thenMany(this.store.secretNames(tenantId).map(SecretView::of))
			.collectList()
			.flatMap((items) -> ServerResponse.ok().bodyValue(new Items<>(items)));
	}

	/**
	 * A complete list.
	 *
	 * @param <T> item type
	 * @param items the items
	 */
	record Items<T>(List<T> items) {
	}

}
