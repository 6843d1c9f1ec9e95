package dev.switchboard.gateway.keys;

import java.net.URI;
import java.util.UUID;

import dev.switchboard.gateway.keys.ApiKeyAdminRoutes.Keys;
import dev.switchboard.gateway.keys.ApiKeyAdminRoutes.Rotate;
import dev.switchboard.gateway.keys.ApiKeyAdministration.NewKey;
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
 * {@code /api/v1/keys}: a tenant's own keys, managed with a key of the tenant that has
 * {@code keys:write} (checked by {@link TenantKeyAccessFilter}). The same operations as
 * the operator's, for the calling key's tenant only: another tenant's key id is a missing
 * one, and a new key grants at most the scopes of the key that issues it.
 */
@Configuration(proxyBeanMethods = false)
class TenantKeyRoutes {

	private static final String KEYS = "/api/v1/keys";

	private final ApiKeyAdministration administration;

	private final ApiKeyStore store;

	TenantKeyRoutes(ApiKeyAdministration administration, ApiKeyStore store) {
		this.administration = administration;
		this.store = store;
	}

	@Bean
	RouterFunction<ServerResponse> tenantKeyRouter() {
		return RouterFunctions.route()
			.POST(KEYS, this::issue)
			.GET(KEYS, this::list)
			.POST(KEYS + "/{keyId}/revoke", this::revoke)
			.POST(KEYS + "/{keyId}/rotate", this::rotate)
			.build();
	}

	private Mono<ServerResponse> issue(ServerRequest request) {
		AuthenticatedKey caller = caller(request);
		return JsonBodies.required(request, NewKey.class)
			.flatMap((key) -> Mono.defer(() -> this.administration.issue(caller.tenantId(), key, caller.scopes())))
			.flatMap((issued) -> ServerResponse.created(URI.create(KEYS + "/" + issued.details().id()))
				.bodyValue(issued));
	}

	private Mono<ServerResponse> list(ServerRequest request) {
		return this.store.keysOfTenant(caller(request).tenantId())
			.collectList()
			.flatMap((items) -> ServerResponse.ok().bodyValue(new Keys(items)));
	}

	private Mono<ServerResponse> revoke(ServerRequest request) {
		return Mono.defer(() -> this.administration.revoke(caller(request).tenantId(), keyId(request)))
			.flatMap((row) -> ServerResponse.ok().bodyValue(row));
	}

	private Mono<ServerResponse> rotate(ServerRequest request) {
		return request.bodyToMono(Rotate.class)
			.onErrorMap((failure) -> !(failure instanceof GatewayProblem), JsonBodies::malformed)
			.defaultIfEmpty(new Rotate(null))
			.flatMap((rotate) -> Mono.defer(() -> this.administration.rotate(caller(request).tenantId(), keyId(request),
					rotate.overlapOrDefault())))
			.flatMap((issued) -> ServerResponse.created(URI.create(KEYS + "/" + issued.details().id()))
				.bodyValue(issued));
	}

	private static AuthenticatedKey caller(ServerRequest request) {
		return (AuthenticatedKey) request.attribute(TenantKeyAccessFilter.KEY_ATTRIBUTE)
			.orElseThrow(() -> new IllegalStateException("/api/v1/keys reached without its access filter"));
	}

	private static UUID keyId(ServerRequest request) {
		try {
			return UUID.fromString(request.pathVariable("keyId"));
		}
		catch (IllegalArgumentException ex) {
			throw GatewayProblem.of(HttpStatus.NOT_FOUND, "NOT_FOUND", "No API key " + request.pathVariable("keyId"));
		}
	}

}
