package dev.switchboard.gateway.keys;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import dev.switchboard.gateway.identity.InternalTokenIssuer;
import dev.switchboard.gateway.limits.RateLimitHeaders;
import dev.switchboard.gateway.limits.RateLimiter;
import dev.switchboard.gateway.web.AccessLogFilter;
import dev.switchboard.gateway.web.GatewayProblem;
import dev.switchboard.gateway.web.RequestIdFilter;

/**
 * Route filter {@code ApiKey}: lets a request through only with a valid API key that
 * grants the route's scopes and stays within its key's and tenant's rate limits, and
 * replaces the key with the internal identity token for the route's service. Configured
 * as {@code - ApiKey=messaging-service, messages:send} or {@code - name: ApiKey, args:
 * {audience: messaging-service, scopes: messages:send}}: the audience is the service
 * behind the route (its {@code spring.application.name}), so that a token forwarded to
 * one service is refused by every other; several scopes, separated by spaces, are all
 * required.
 */
@Component
class ApiKeyGatewayFilterFactory extends AbstractGatewayFilterFactory<ApiKeyGatewayFilterFactory.Config> {

	private static final Logger log = LoggerFactory.getLogger(ApiKeyGatewayFilterFactory.class);

	static final String CHALLENGE = PresentedKey.CHALLENGE;

	/**
	 * Headers only the gateway may set; a caller sending them is ignored, not trusted.
	 */
	private static final Set<String> INTERNAL_HEADERS = Set.of("x-tenant-id", "x-tenant", "x-key-id", "x-api-key-id",
			"x-scope", "x-scopes", "x-user-id");

	private static final List<String> INTERNAL_HEADER_PREFIXES = List.of("x-switchboard-", "x-internal-");

	private final ApiKeyAuthenticator authenticator;

	private final LastUsedRecorder lastUsed;

	private final InternalTokenIssuer tokens;

	private final RateLimiter limiter;

	ApiKeyGatewayFilterFactory(ApiKeyAuthenticator authenticator, LastUsedRecorder lastUsed, InternalTokenIssuer tokens,
			RateLimiter limiter) {
		super(Config.class);
		this.authenticator = authenticator;
		this.lastUsed = lastUsed;
		this.tokens = tokens;
		this.limiter = limiter;
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return List.of("audience", "scopes");
	}

	@Override
	public GatewayFilter apply(Config config) {
		String audience = config.getAudience();
		if (audience == null || audience.isBlank()) {
			throw new IllegalArgumentException("The ApiKey filter needs the audience of its route's service, e.g. "
					+ "ApiKey=messaging-service, messages:send");
		}
		List<String> required = config.getScopes()
			.stream()
			.flatMap((scopes) -> Arrays.stream(scopes.split("[\\s,]+")))
			.filter((scope) -> !scope.isEmpty())
			.distinct()
			.toList();
		return (exchange, chain) -> authenticate(exchange).flatMap((key) -> {
			AccessLogFilter.identify(exchange, key.tenantId(), key.keyId().toString());
			if (key.operator()) {
				return Mono.error(PresentedKey.insufficientScope(String.join(" ", required),
						"Operator keys administer tenants; tenant APIs need a key of the tenant"));
			}
			List<String> missing = key.missing(required);
			if (!missing.isEmpty()) {
				String scopes = String.join(" ", missing);
				return Mono.error(PresentedKey.insufficientScope(scopes,
						"The API key lacks the scope " + scopes + " required by this operation"));
			}
			return this.limiter.check(key.tenantId(), key.keyId().toString(), key.plan(), key.rateLimits())
				.flatMap((decision) -> {
					RateLimitHeaders.write(exchange.getResponse().getHeaders(), decision);
					if (!decision.allowed()) {
						return Mono.error(RateLimitHeaders.refused(decision));
					}
					String token = this.tokens.issue(audience, key.tenantId(), key.keyId().toString(), key.scopes(),
							RequestIdFilter.requestId(exchange), key.agentId(), key.agentRole());
					ServerHttpRequest forwarded = exchange.getRequest()
						.mutate()
						.headers((headers) -> replaceIdentity(headers, token))
						.build();
					this.lastUsed.used(key.keyId());
					return chain.filter(exchange.mutate().request(forwarded).build());
				});
		});
	}

	private Mono<AuthenticatedKey> authenticate(ServerWebExchange exchange) {
		return this.authenticator.authenticate(exchange)
			.onErrorMap((failure) -> !(failure instanceof GatewayProblem), ApiKeyGatewayFilterFactory::keysUnavailable)
			.switchIfEmpty(Mono.error(PresentedKey::invalid));
	}

	/** The key store cannot be reached: a retryable 503, not a 500 nor a wrong 401. */
	private static GatewayProblem keysUnavailable(Throwable failure) {
		log.warn("API keys cannot be checked: {}", failure.toString());
		return GatewayProblem.of(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE",
				"API keys cannot be checked right now, retry later");
	}

	/**
	 * Removes the caller's key and any identity header it tried to assert, then adds the
	 * signed identity token.
	 */
	static void replaceIdentity(HttpHeaders headers, String token) {
		List<String> forged = new ArrayList<>();
		for (String name : headers.headerNames()) {
			String lower = name.toLowerCase(Locale.ROOT);
			if (INTERNAL_HEADERS.contains(lower) || INTERNAL_HEADER_PREFIXES.stream().anyMatch(lower::startsWith)) {
				forged.add(name);
			}
		}
		forged.forEach(headers::remove);
		headers.remove(PresentedKey.API_KEY_HEADER);
		headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + token);
	}

	/**
	 * What a route requires.
	 */
	public static class Config {

		private String audience;

		private List<String> scopes = new ArrayList<>();

		public String getAudience() {
			return this.audience;
		}

		public void setAudience(String audience) {
			this.audience = audience;
		}

		public List<String> getScopes() {
			return this.scopes;
		}

		public void setScopes(List<String> scopes) {
			this.scopes = scopes;
		}

	}

}
