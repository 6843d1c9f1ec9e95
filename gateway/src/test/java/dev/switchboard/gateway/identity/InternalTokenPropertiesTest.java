package dev.switchboard.gateway.identity;

import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding and validation in a small context: the gateway must not start without a
 * well-formed signing key or with tokens meant to live longer than 60 s.
 */
class InternalTokenPropertiesTest {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Config.class);

	@Test
	void bindsWithDefaults() {
		this.contexts.withPropertyValues("switchboard.internal-token.signing-keys=" + IdentityKeys.LOCAL)
			.run((context) -> {
				InternalTokenProperties properties = context.getBean(InternalTokenProperties.class);
				assertThat(properties.ttl()).isEqualTo(Duration.ofSeconds(60));
				assertThat(properties.issuer()).isEqualTo("switchboard-gateway");
				assertThat(properties.keys().active().getKeyID()).isEqualTo("local-1");
				assertThat(properties.toString()).doesNotContain(IdentityKeys.LOCAL_PRIVATE.substring(100));
			});
	}

	@Test
	void takesPemKeysAndSeveralKeys() {
		String pem = "-----BEGIN PRIVATE KEY-----\n" + IdentityKeys.NEXT_PRIVATE.substring(0, 64) + "\n"
				+ IdentityKeys.NEXT_PRIVATE.substring(64) + "\n-----END PRIVATE KEY-----\n";
		this.contexts
			.withPropertyValues("switchboard.internal-token.signing-keys=next-1:" + pem + ", " + IdentityKeys.LOCAL)
			.run((context) -> assertThat(context.getBean(InternalTokenProperties.class).keys().keys())
				.extracting((key) -> key.getKeyID())
				.containsExactly("next-1", "local-1"));
	}

	@Test
	void failsWithoutKeys() {
		this.contexts.run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.hasMessageContaining("signingKeys"));
	}

	@Test
	void failsWithTokensLivingLongerThanSixtySeconds() {
		this.contexts
			.withPropertyValues("switchboard.internal-token.signing-keys=" + IdentityKeys.LOCAL,
					"switchboard.internal-token.ttl=61s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("at most PT1M"));
	}

	@Test
	void failsWithMalformedKeysWithoutShowingThem() {
		assertFailsWith("local-1:bm90IGEga2V5", "local-1", "bm90IGEga2V5");
		assertFailsWith(IdentityKeys.LOCAL_PRIVATE, "kid:base64-PKCS8", IdentityKeys.LOCAL_PRIVATE.substring(100));
		assertFailsWith(IdentityKeys.LOCAL + "," + IdentityKeys.LOCAL, "twice",
				IdentityKeys.LOCAL_PRIVATE.substring(100));
	}

	@Test
	void failsWithAKeyThatDoesNotCarryItsPublicKey() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		String bare = Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
		assertFailsWith("java-1:" + bare, "carries no public key", bare.substring(bare.length() - 20));
	}

	private void assertFailsWith(String keys, String message, String hidden) {
		this.contexts.withPropertyValues("switchboard.internal-token.signing-keys=" + keys)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining(message)
				.message()
				.doesNotContain(hidden));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(InternalTokenProperties.class)
	static class Config {

	}

}
