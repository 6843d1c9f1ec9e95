package dev.switchboard.ingest.security;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.switchboard.events.EventJson;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;

/**
 * Only {@code /api/**} (requests the gateway forwards for the original order system) is
 * guarded, by the gateway's internal token; the order path needs scope
 * {@code webhook:vizi}. Provider webhooks carry their own signatures and pass untouched.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String VIZI_SCOPE = "SCOPE_webhook:vizi";

	@Bean
	ReactiveJwtDecoder internalTokenDecoder(InternalTokenProperties properties) {
		return InternalTokens.decoder(properties);
	}

	@Bean
	SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder) {
		ServerAuthenticationEntryPoint unauthorized = (exchange, ex) -> {
			exchange.getResponse().getHeaders().set("WWW-Authenticate", "Bearer");
			return problem(exchange, HttpStatus.UNAUTHORIZED, "UNAUTHORIZED",
					"A valid internal identity token is required");
		};
		ServerAccessDeniedHandler insufficientScope = (exchange, ex) -> problem(exchange, HttpStatus.FORBIDDEN,
				"INSUFFICIENT_SCOPE", "The API key lacks the scope webhook:vizi");
		return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/api/**"))
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.authorizeExchange((exchanges) -> exchanges.pathMatchers("/api/v1/webhooks/vizi/orders")
				.hasAuthority(VIZI_SCOPE)
				.anyExchange()
				.denyAll())
			.oauth2ResourceServer((server) -> server.jwt((jwt) -> jwt.jwtDecoder(decoder))
				.authenticationEntryPoint(unauthorized)
				.accessDeniedHandler(insufficientScope))
			.exceptionHandling((handling) -> handling.authenticationEntryPoint(unauthorized)
				.accessDeniedHandler(insufficientScope))
			.build();
	}

	private static Mono<Void> problem(ServerWebExchange exchange, HttpStatus status, String code, String detail) {
		exchange.getResponse().setStatusCode(status);
		exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", exchange.getRequest().getPath().value());
		problem.put("code", code);
		DataBuffer buffer = exchange.getResponse().bufferFactory().wrap(EventJson.write(problem));
		return exchange.getResponse().writeWith(Mono.just(buffer));
	}

}
