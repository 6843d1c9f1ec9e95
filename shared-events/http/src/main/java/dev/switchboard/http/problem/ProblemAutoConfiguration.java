package dev.switchboard.http.problem;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every failure of a reactive service answered as {@code application/problem+json} with a
 * stable {@code code}. A service with its own {@link ResponseEntityExceptionHandler}
 * keeps it and gets only the {@link ProblemWriter}. Runs before Boot's WebFlux
 * configuration so that its problem-details handler backs off.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class ProblemAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ProblemWriter problemWriter(ObjectProvider<JsonMapper> json) {
		return new ProblemWriter(json.getIfAvailable(JsonMapper::shared));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(ResponseEntityExceptionHandler.class)
	static class Handlers {

		@Bean
		ProblemAdvice problemAdvice() {
			return new ProblemAdvice();
		}

		@Bean
		FallbackProblemHandler fallbackProblemHandler(ProblemWriter problems) {
			return new FallbackProblemHandler(problems);
		}

	}

}
