package dev.switchboard.gateway.web;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * CORS for the public API ({@code /api/**}) from {@code switchboard.cors.*}: preflight
 * requests are answered here, before authentication (browsers send no key with them);
 * origins not allowed get 403. A web filter rather than the gateway's route CORS, whose
 * preflight does not match routes restricted to other methods.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class CorsFilter implements WebFilter {

	private final WebFilter delegate;

	CorsFilter(CorsProperties properties) {
		if (properties.allowedOrigins().isEmpty()) {
			this.delegate = null;
			return;
		}
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOriginPatterns(properties.allowedOrigins());
		cors.setAllowedMethods(properties.allowedMethods());
		cors.setAllowedHeaders(properties.allowedHeaders());
		cors.setExposedHeaders(properties.exposedHeaders());
		cors.setMaxAge(properties.maxAge());
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/api/**", cors);
		this.delegate = new CorsWebFilter(source);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return (this.delegate != null) ? this.delegate.filter(exchange, chain) : chain.filter(exchange);
	}

}
