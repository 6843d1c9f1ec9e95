package dev.switchboard.http.problem;

import org.springdoc.core.customizers.GlobalOpenApiCustomizer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/** The problem responses in the OpenAPI document of a service that publishes one. */
@AutoConfiguration
@ConditionalOnClass(GlobalOpenApiCustomizer.class)
public class ProblemDocumentationAutoConfiguration {

	@Bean
	GlobalOpenApiCustomizer problemDocumentation() {
		return new ProblemDocumentation();
	}

}
