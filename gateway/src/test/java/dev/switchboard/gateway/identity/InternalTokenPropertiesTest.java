package dev.switchboard.gateway.identity;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding and validation in a small context: the gateway must not start with a missing or
 * weak signing secret.
 */
class InternalTokenPropertiesTest {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Config.class);

	@Test
	void bindsWithDefaults() {
		this.contexts
			.withPropertyValues("switchboard.internal-token.secret=local-internal-token-secret-0123456789abcdef")
			.run((context) -> {
				InternalTokenProperties properties = context.getBean(InternalTokenProperties.class);
				assertThat(properties.ttl()).isEqualTo(Duration.ofSeconds(60));
				assertThat(properties.issuer()).isEqualTo("switchboard-gateway");
				assertThat(properties.audience()).isEqualTo("switchboard-services");
				assertThat(properties.toString()).doesNotContain("local-internal-token-secret");
			});
	}

	@Test
	void failsWithoutSecret() {
		this.contexts
			.run((context) -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("secret"));
	}

	@Test
	void failsWithShortSecret() {
		this.contexts.withPropertyValues("switchboard.internal-token.secret=too-short-secret")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("at least 32 bytes"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(InternalTokenProperties.class)
	static class Config {

	}

}
