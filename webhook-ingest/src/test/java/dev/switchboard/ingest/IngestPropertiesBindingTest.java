package dev.switchboard.ingest;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class IngestPropertiesBindingTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Config.class);

	@Test
	void bindsChannelsFromProperties() {
		this.runner.withPropertyValues("switchboard.ingest.max-body-size=1MB", "switchboard.ingest.publish-timeout=3s",
				"switchboard.ingest.channels[0].tenant-id=demo", "switchboard.ingest.channels[0].channel-id=demo-meta",
				"switchboard.ingest.channels[0].phone-number-id=100000000000001",
				"switchboard.ingest.channels[0].app-secrets=old-secret,new-secret",
				"switchboard.ingest.channels[0].verify-token=demo-verify-token")
			.run((context) -> {
				IngestProperties properties = context.getBean(IngestProperties.class);
				assertThat(properties.maxBodySize()).isEqualTo(DataSize.ofMegabytes(1));
				assertThat(properties.publishTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(properties.channels()).singleElement().satisfies((channel) -> {
					assertThat(channel.tenantId()).isEqualTo("demo");
					assertThat(channel.appSecrets()).containsExactly("old-secret", "new-secret");
				});
			});
	}

	@Test
	void bindsAndValidatesTheBufferingAndSecretBounds() {
		this.runner
			.withPropertyValues("switchboard.ingest.max-buffered-bodies=4", "switchboard.ingest.max-app-secrets=2")
			.run((context) -> {
				IngestProperties properties = context.getBean(IngestProperties.class);
				assertThat(properties.maxBufferedBodies()).isEqualTo(4);
				assertThat(properties.maxAppSecrets()).isEqualTo(2);
			});
		this.runner.withPropertyValues("switchboard.ingest.max-buffered-bodies=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("maxBufferedBodies"));
	}

	@Test
	void failsFastOnAnIncompleteChannel() {
		this.runner
			.withPropertyValues("switchboard.ingest.channels[0].tenant-id=demo",
					"switchboard.ingest.channels[0].channel-id=demo-meta",
					"switchboard.ingest.channels[0].phone-number-id=not-a-number",
					"switchboard.ingest.channels[0].app-secrets=")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("phoneNumberId")
				.hasMessageContaining("appSecrets")
				.hasMessageContaining("verifyToken"));
	}

	@Test
	void refusesMoreThanTwoSecretsWithoutPrintingThem() {
		this.runner
			.withPropertyValues("switchboard.ingest.channels[0].tenant-id=demo",
					"switchboard.ingest.channels[0].channel-id=demo-meta",
					"switchboard.ingest.channels[0].phone-number-id=100000000000001",
					"switchboard.ingest.channels[0].app-secrets=secret-one,secret-two,secret-three",
					"switchboard.ingest.channels[0].verify-token=demo-verify-token")
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				assertThat(failure).rootCause().hasMessageContaining("at most 2");
				assertThat(stackText(failure)).doesNotContain("secret-one", "secret-three");
			});
	}

	private static String stackText(Throwable failure) {
		StringBuilder text = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			text.append(cause).append('\n');
		}
		return text.toString();
	}

	/**
	 * Not a {@code @Configuration}: the application's component scan must not pick it up.
	 */
	@EnableConfigurationProperties(IngestProperties.class)
	static class Config {

	}

}
