package dev.switchboard.gateway.keys;

import java.util.List;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import dev.switchboard.gateway.web.AccessLogFilter;
import dev.switchboard.gateway.web.GatewayProblem;

/**
 * Guards the gateway's own APIs: {@code /admin/**} takes operator keys only (tenant keys
 * get 403, they can never hold the {@code admin} scope) and the API documentation under
 * {@code /api-docs} takes any valid key, except the Swagger UI page and its files
 * ({@code /api-docs/ui} and {@code /api-docs/ui/<one segment>}, which serve nothing but
 * the page's fixed files): a browser opening the page sends no key, the person enters it
 * in the page. The area is read from the path as the router reads it (decoded, without
 * {@code ;} parameters), after {@code RequestPathFirewall} has refused every path whose
 * raw and decoded forms differ in a way that matters.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class AdminAccessFilter implements WebFilter {

	private static final Logger log = LoggerFactory.getLogger(AdminAccessFilter.class);

	static final String ADMIN_AREA = "admin";

	static final String DOCS_AREA = "api-docs";

	/** The Swagger UI page and its files, matched as the router matches them. */
	private static final List<PathPattern> DOCS_PAGE = Stream.of("/api-docs/ui", "/api-docs/ui/{asset}")
		.map(PathPatternParser.defaultInstance::parse)
		.toList();

	private final ApiKeyAuthenticator authenticator;

	AdminAccessFilter(ApiKeyAuthenticator authenticator) {
		this.authenticator = authenticator;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String area = firstSegment(exchange.getRequest().getPath().pathWithinApplication());
		boolean admin = ADMIN_AREA.equalsIgnoreCase(area);
		if (!admin && (!DOCS_AREA.equalsIgnoreCase(area) || isDocsPage(exchange))) {
			return chain.filter(exchange);
		}
		String path = exchange.getRequest().getPath().value();
		Mono<AuthenticatedKey> authenticated = this.authenticator.authenticate(exchange)
			.switchIfEmpty(Mono.error(PresentedKey::invalid))
			.onErrorMap((failure) -> !(failure instanceof GatewayProblem), (failure) -> GatewayProblem
				.of(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE", "API keys cannot be checked right now"));
		return authenticated.flatMap((key) -> {
			AccessLogFilter.identify(exchange, key.tenantId(), key.keyId().toString());
			if (admin && !(key.operator() && key.scopes().contains(Scopes.ADMIN))) {
				log.warn("Refused admin call {} {} with tenant key {}", exchange.getRequest().getMethod(), path,
						key.keyId());
				return Mono.error(PresentedKey.insufficientScope(Scopes.ADMIN,
						"The administration API needs an operator key with the scope admin"));
			}
			return chain.filter(exchange);
		});
	}

	private static boolean isDocsPage(ServerWebExchange exchange) {
		PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
		return DOCS_PAGE.stream().anyMatch((page) -> page.matches(path));
	}

	/**
	 * The first segment of the path as the router matches it: decoded, without {@code ;}
	 * parameters. Compared without case, so that no spelling of an area escapes its rule.
	 * @param path the path within the application
	 * @return the first segment, empty when there is none
	 */
	static String firstSegment(PathContainer path) {
		for (PathContainer.Element element : path.elements()) {
			if (element instanceof PathContainer.PathSegment segment) {
				return segment.valueToMatch();
			}
		}
		return "";
	}

}
