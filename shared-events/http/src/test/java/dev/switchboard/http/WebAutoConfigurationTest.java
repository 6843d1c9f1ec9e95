package dev.switchboard.http;

import dev.switchboard.http.problem.ProblemAutoConfiguration;
import dev.switchboard.http.problem.ProblemWriter;
import dev.switchboard.http.security.InternalTokenSecurityAutoConfiguration;
import dev.switchboard.http.security.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.WebExceptionHandler;

import static org.assertj.core.api.Assertions.assertThat;

/** What the shared web layer adds to a service, and what it leaves to the service. */
class WebAutoConfigurationTest {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CorrelationIdAutoConfiguration.class, ProblemAutoConfiguration.class,
				InternalTokenSecurityAutoConfiguration.class, ReactiveWebSecurityAutoConfiguration.class));

	@Test
	void aServiceGetsTheWholeWebLayer() {
		this.runner
			.withPropertyValues("switchboard.internal-token.public-keys=" + TestTokens.LOCAL_PUBLIC_KEYS,
					"switchboard.internal-token.audience=things-service")
			.run((context) -> assertThat(context).hasSingleBean(CorrelationIdFilter.class)
				.hasSingleBean(ProblemWriter.class)
				.hasSingleBean(ResponseEntityExceptionHandler.class)
				.hasSingleBean(WebExceptionHandler.class)
				.hasSingleBean(ReactiveJwtDecoder.class)
				.hasSingleBean(SecurityWebFilterChain.class));
	}

	@Test
	void withoutPublicKeysTheServiceDoesNotStart() {
		this.runner.withPropertyValues("switchboard.internal-token.audience=things-service")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("switchboard.internal-token.public-keys is required"));
	}

	@Test
	void withoutItsAudienceTheServiceDoesNotStart() {
		this.runner.withPropertyValues("switchboard.internal-token.public-keys=" + TestTokens.LOCAL_PUBLIC_KEYS)
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void aServiceGuardingOnlySomeRoutesMayStartWithoutPublicKeys() {
		this.runner
			.withPropertyValues("switchboard.internal-token.required=false",
					"switchboard.internal-token.audience=things-service")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(ReactiveJwtDecoder.class));
	}

	@Test
	void aServiceKeepsItsOwnSecurityChainAndProblemHandler() {
		this.runner
			.withPropertyValues("switchboard.internal-token.required=false",
					"switchboard.internal-token.audience=things-service")
			.withUserConfiguration(OwnWebLayer.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(SecurityWebFilterChain.class)
					.hasSingleBean(ResponseEntityExceptionHandler.class)
					.doesNotHaveBean(WebExceptionHandler.class)
					.hasSingleBean(ProblemWriter.class);
				assertThat(context.getBean(ResponseEntityExceptionHandler.class)).isInstanceOf(OwnAdvice.class);
				assertThat(context).getBean("ownChain").isNotNull();
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnWebLayer {

		@Bean
		SecurityWebFilterChain ownChain(ServerHttpSecurity http) {
			return http.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll()).build();
		}

		@Bean
		OwnAdvice ownAdvice() {
			return new OwnAdvice();
		}

	}

	static class OwnAdvice extends ResponseEntityExceptionHandler {

	}

}
