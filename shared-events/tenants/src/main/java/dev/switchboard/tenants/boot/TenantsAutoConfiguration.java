package dev.switchboard.tenants.boot;

import java.util.List;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.ConsumerStartCondition;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.kafka.boot.EventsKafkaAutoConfiguration;
import dev.switchboard.tenants.SecretCipher;
import dev.switchboard.tenants.TenantDirectory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gives every service the tenants' configuration: a {@link TenantDirectory} following
 * {@code tenants.config.v1} and, where keys are configured, the {@link SecretCipher} that
 * opens the channel secrets in it.
 */
@AutoConfiguration(after = EventsKafkaAutoConfiguration.class)
public class TenantsAutoConfiguration {

	/**
	 * Keys from {@code switchboard.secrets.keys} ({@code id:base64[,id:base64]}, first is
	 * current).
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty("switchboard.secrets.keys")
	SecretCipher secretCipher(@Value("${switchboard.secrets.keys}") String keys) {
		return SecretCipher.fromSpec(keys);
	}

	/** Follows the topic unless {@code switchboard.tenants.follow=false}. */
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "switchboard.tenants.follow", matchIfMissing = true)
	TenantDirectory tenantDirectory(KafkaSettings settings) {
		return TenantDirectory.follow(settings, List.of());
	}

	/** The consumers start once the directory has read the topic to its end. */
	@Bean
	@ConditionalOnBean(TenantDirectory.class)
	ConsumerStartCondition tenantDirectoryCaughtUp(TenantDirectory directory) {
		return new ConsumerStartCondition() {

			@Override
			public String description() {
				return "the tenant directory to read " + Topic.TENANTS_CONFIG.topicName() + " to its end";
			}

			@Override
			public Mono<Void> met() {
				return directory.ready();
			}

		};
	}

	/**
	 * {@code tenantDirectory}: DOWN until the directory has read the topic to its end.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
	@ConditionalOnProperty(name = "switchboard.tenants.follow", matchIfMissing = true)
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "tenantDirectoryHealthIndicator")
		TenantDirectoryHealthIndicator tenantDirectoryHealthIndicator(TenantDirectory directory) {
			return new TenantDirectoryHealthIndicator(directory);
		}

	}

}
