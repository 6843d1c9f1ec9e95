package dev.switchboard.orders.security;

import dev.switchboard.orders.web.ProblemWriter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;

/**
 * Every API request carries the gateway's internal token; reading orders needs the
 * {@code orders:read} scope, operations (retries, resends, batches) {@code orders:write}.
 * Health and metrics stay open for the platform.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String WRITE_SCOPE = "SCOPE_orders:write";

	static final String READ_SCOPE = "SCOPE_orders:read";

	@Bean
	ReactiveJwtDecoder internalTokenDecoder(InternalTokenProperties properties) {
		return InternalTokens.decoder(properties);
	}

	@Bean
	SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder, ProblemWriter problems) {
		ServerAuthenticationEntryPoint unauthorized = (exchange, ex) -> problems
			.write(exchange, HttpStatus.UNAUTHORIZED, "UNAUTHORIZED", "A valid internal identity token is required")
			.doFirst(() -> exchange.getResponse().getHeaders().set("WWW-Authenticate", "Bearer"));
		ServerAccessDeniedHandler insufficientScope = (exchange, ex) -> problems.write(exchange, HttpStatus.FORBIDDEN,
				"INSUFFICIENT_SCOPE", "The API key lacks the scope this operation needs");
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.authorizeExchange((exchanges) -> exchanges
				.pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/actuator/info")
				.permitAll()
				.pathMatchers(HttpMethod.POST, "/api/v1/orders/**")
				.hasAuthority(WRITE_SCOPE)
				.pathMatchers(HttpMethod.GET, "/api/v1/orders/**")
				.hasAuthority(READ_SCOPE)
				.anyExchange()
				.authenticated())
			.oauth2ResourceServer((server) -> server.jwt((jwt) -> jwt.jwtDecoder(decoder))
				.authenticationEntryPoint(unauthorized)
				.accessDeniedHandler(insufficientScope))
			.exceptionHandling((handling) -> handling.authenticationEntryPoint(unauthorized)
				.accessDeniedHandler(insufficientScope))
			.build();
	}

}
