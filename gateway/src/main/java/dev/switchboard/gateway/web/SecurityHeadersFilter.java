package dev.switchboard.gateway.web;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Security headers on every answer (an API: nothing to sniff, frame, cache or refer). The
 * Swagger UI page ({@code /api-docs/ui} and its files) may load the gateway's own
 * scripts, styles and images and fetch from the gateway (documents, "Try it out"): no
 * inline script, no outside host.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class SecurityHeadersFilter implements WebFilter {

	static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";

	/**
	 * The one inline style the page has: the {@code <style>} element of the Swagger logo
	 * in the top bar (swagger-ui-standalone-preset.js), allowed by its hash. Another
	 * Swagger UI version may change it: the browser test fails on any policy violation.
	 */
	static final String SWAGGER_LOGO_STYLE = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";

	static final String DOCS_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' " + SWAGGER_LOGO_STYLE
			+ "; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

	private static final String DOCS_PAGE = "/api-docs/ui";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().value();
		boolean docs = path.equals(DOCS_PAGE) || path.startsWith(DOCS_PAGE + "/");
		exchange.getResponse().beforeCommit(() -> {
			HttpHeaders headers = exchange.getResponse().getHeaders();
			headers.set("X-Content-Type-Options", "nosniff");
			headers.set("X-Frame-Options", "DENY");
			headers.set("Referrer-Policy", "no-referrer");
			headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
			headers.set("Content-Security-Policy", docs ? DOCS_POLICY : API_POLICY);
			if (!headers.containsHeader(HttpHeaders.CACHE_CONTROL)) {
				headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
			}
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

}
