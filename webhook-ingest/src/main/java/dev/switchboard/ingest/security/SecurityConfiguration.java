package dev.switchboard.ingest.security;

import dev.switchboard.http.problem.ProblemWriter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * Only {@code /api/**} (requests the gateway forwards for the original order system) is
 * guarded, by the gateway's internal token for this service (decoder from the shared web
 * layer; without {@code switchboard.internal-token.public-keys} every such request is
 * refused); the order path needs scope {@code webhook:vizi}. Provider webhooks carry
 * their own signatures and pass untouched.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String VIZI_SCOPE = "SCOPE_webhook:vizi";

	@Bean
	SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder, ProblemWriter problems) {
		ServerAuthenticationEntryPoint unauthorized = (exchange, ex) -> {
			exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			return problems.write(exchange, HttpStatus.UNAUTHORIZED, "UNAUTHORIZED",
					"A valid internal identity token is required");
		};
		ServerAccessDeniedHandler insufficientScope = (exchange, ex) -> problems.write(exchange, HttpStatus.FORBIDDEN,
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

}
