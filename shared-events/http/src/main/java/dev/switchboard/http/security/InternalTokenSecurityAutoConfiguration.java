package dev.switchboard.http.security;

import java.util.List;
import java.util.Map;

import dev.switchboard.http.problem.ProblemAutoConfiguration;
import dev.switchboard.http.problem.ProblemWriter;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;

/**
 * Every request of a service carries the gateway's internal token, verified as an OAuth2
 * resource server; health and metrics stay open for the platform. The routes and scopes
 * are the service's own {@link ApiAuthorization} beans. A service with its own
 * {@link SecurityWebFilterChain} (or {@link ReactiveJwtDecoder}) keeps it. Runs before
 * Boot's security configurations so that their defaults back off.
 */
@AutoConfiguration(after = ProblemAutoConfiguration.class, beforeName = {
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ ServerHttpSecurity.class, ReactiveJwtDecoder.class })
@EnableConfigurationProperties(InternalTokenProperties.class)
public class InternalTokenSecurityAutoConfiguration {

	/**
	 * Open without a token: the probes on the public port, the OpenAPI document (which
	 * the gateway publishes to key holders), and the probes, scrapes and dead-letter
	 * re-drive of the management port (where these filters run too; the public port
	 * serves no {@code /actuator} path, and the management port is for the platform and
	 * its operators only).
	 */
	static final String[] OPEN_PATHS = { "/livez", "/readyz", "/v3/api-docs", "/actuator/health", "/actuator/health/**",
			"/actuator/prometheus", "/actuator/info", "/actuator/deadletters" };

	@Bean
	@ConditionalOnMissingBean
	ReactiveJwtDecoder internalTokenDecoder(InternalTokenProperties properties) {
		return InternalTokens.decoder(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	SecurityWebFilterChain internalApiSecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder,
			ProblemWriter problems, ObjectProvider<ApiAuthorization> routes) {
		List<ApiAuthorization> serviceRoutes = routes.orderedStream().toList();
		ServerAuthenticationEntryPoint unauthorized = (exchange, ex) -> problems
			.write(exchange, HttpStatus.UNAUTHORIZED, "UNAUTHORIZED", "A valid internal identity token is required")
			.doFirst(() -> exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer"));
		ServerAccessDeniedHandler insufficientScope = (exchange, ex) -> insufficientScope(exchange, problems);
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.authorizeExchange((exchanges) -> {
				exchanges.pathMatchers(OPEN_PATHS).permitAll();
				serviceRoutes.forEach((route) -> route.authorize(exchanges));
				exchanges.anyExchange().authenticated();
			})
			.oauth2ResourceServer((server) -> server.jwt((jwt) -> jwt.jwtDecoder(decoder))
				.authenticationEntryPoint(unauthorized)
				.accessDeniedHandler(insufficientScope))
			.exceptionHandling((handling) -> handling.authenticationEntryPoint(unauthorized)
				.accessDeniedHandler(insufficientScope))
			.build();
	}

	private static Mono<Void> insufficientScope(ServerWebExchange exchange, ProblemWriter problems) {
		String scope = Scopes.missing(exchange);
		if (scope == null) {
			return problems.write(exchange, HttpStatus.FORBIDDEN, "INSUFFICIENT_SCOPE",
					"The API key lacks the scope this operation needs");
		}
		return problems.write(exchange, HttpStatus.FORBIDDEN, "INSUFFICIENT_SCOPE",
				"The API key lacks the scope " + scope, Map.of("scope", scope));
	}

}
