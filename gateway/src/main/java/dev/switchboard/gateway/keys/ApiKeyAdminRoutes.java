package dev.switchboard.gateway.keys;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

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
 * Operator API for a tenant's API keys under {@code /admin/v1/tenants/{tenantId}/keys}.
 */
@Configuration(proxyBeanMethods = false)
class ApiKeyAdminRoutes {

	private static final String KEYS = "/admin/v1/tenants/{tenantId}/keys";

	private static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);

	private final ApiKeyAdministration administration;

	private final ApiKeyStore store;

	ApiKeyAdminRoutes(ApiKeyAdministration administration, ApiKeyStore store) {
		this.administration = administration;
		this.store = store;
	}

	@Bean
	RouterFunction<ServerResponse> apiKeyAdminRouter() {
		return RouterFunctions.route()
			.POST(KEYS, this::issue)
			.GET(KEYS, this::list)
			.POST(KEYS + "/{keyId}/revoke", this::revoke)
			.POST(KEYS + "/{keyId}/rotate", this::rotate)
			.build();
	}

	private Mono<ServerResponse> issue(ServerRequest request) {
		String tenantId = request.pathVariable("tenantId");
		return JsonBodies.required(request, NewKey.class)
			.flatMap((key) -> Mono.defer(() -> this.administration.issue(tenantId, key)))
			.flatMap((issued) -> ServerResponse
				.created(URI.create("/admin/v1/tenants/" + tenantId + "/keys/" + issued.details().id()))
				.bodyValue(issued));
	}

	private Mono<ServerResponse> list(ServerRequest request) {
		String tenantId = request.pathVariable("tenantId");
		return this.administration.existingTenant(tenantId)
			.thenMany(this.store.keysOfTenant(tenantId))
			.collectList()
			.flatMap((items) -> ServerResponse.ok().bodyValue(new Keys(items)));
	}

	private Mono<ServerResponse> revoke(ServerRequest request) {
		return Mono.defer(() -> this.administration.revoke(request.pathVariable("tenantId"), keyId(request)))
			.flatMap((row) -> ServerResponse.ok().bodyValue(row));
	}

	private Mono<ServerResponse> rotate(ServerRequest request) {
		return request.bodyToMono(Rotate.class)
			.onErrorMap((failure) -> !(failure instanceof GatewayProblem), JsonBodies::malformed)
			.defaultIfEmpty(new Rotate(null))
			.flatMap((rotate) -> Mono.defer(() -> this.administration.rotate(request.pathVariable("tenantId"),
					keyId(request), rotate.overlapOrDefault())))
			.flatMap((issued) -> ServerResponse
				.created(URI
					.create("/admin/v1/tenants/" + request.pathVariable("tenantId") + "/keys/" + issued.details().id()))
				.bodyValue(issued));
	}

	private static UUID keyId(ServerRequest request) {
		try {
			return UUID.fromString(request.pathVariable("keyId"));
		}
		catch (IllegalArgumentException ex) {
			throw GatewayProblem.of(HttpStatus.NOT_FOUND, "NOT_FOUND", "No API key " + request.pathVariable("keyId"));
		}
	}

	/**
	 * A tenant's keys.
	 *
	 * @param items the keys, oldest first
	 */
	record Keys(List<KeyRow> items) {
	}

	/**
	 * How long the rotated key keeps working.
	 *
	 * @param overlap ISO-8601 duration, {@code PT24H} when absent
	 */
	record Rotate(String overlap) {

		Duration overlapOrDefault() {
			if (this.overlap == null) {
				return DEFAULT_OVERLAP;
			}
			try {
				return Duration.parse(this.overlap);
			}
			catch (DateTimeParseException ex) {
				throw GatewayProblem.of(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED",
						"overlap: an ISO-8601 duration such as PT1H");
			}
		}

	}

}
