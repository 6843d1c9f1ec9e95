package dev.switchboard.gateway.tenants;

import dev.switchboard.tenants.SecretCipher;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The cipher every tenant secret goes through before it is stored or published.
 */
@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

	@Bean
	SecretCipher secretCipher(SecretsProperties properties) {
		try {
			return SecretCipher.fromSpec(properties.keys());
		}
		catch (IllegalArgumentException ex) {
			// The message never contains key material.
			throw new IllegalStateException(
					"switchboard.secrets.keys (SWITCHBOARD_SECRETS_KEYS) is invalid: " + ex.getMessage(), ex);
		}
	}

}
