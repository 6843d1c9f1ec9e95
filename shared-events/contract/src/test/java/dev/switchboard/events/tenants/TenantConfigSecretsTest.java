package dev.switchboard.events.tenants;

import dev.switchboard.events.EventJson;
import dev.switchboard.events.EventSchemas;
import dev.switchboard.events.EventType;
import dev.switchboard.events.Fixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Named secrets in a tenant's configuration: configurations published before they existed
 * still read (without secrets), and a secret is found by its name.
 */
class TenantConfigSecretsTest {

	@Test
	void aConfigurationWithoutSecretsStillReadsAndMatchesTheSchema() {
		ObjectNode old = (ObjectNode) EventJson.mapper().readTree(Fixtures.bytes("tenants-config-demo.json"));
		old.remove("secrets");
		byte[] json = EventJson.write(old);

		TenantConfig config = EventJson.read(json, TenantConfig.class);

		assertThat(config.secrets()).isEmpty();
		assertThat(config.channels()).hasSize(2);
		assertThat(EventSchemas.validate(EventType.TENANT_CONFIG_V1, json)).isEmpty();
	}

	@Test
	void aSecretIsFoundByItsName() {
		TenantConfig config = EventJson.read(Fixtures.bytes("tenants-config-demo.json"), TenantConfig.class);

		assertThat(config.secret("helpdesk_token")).hasValueSatisfying((secret) -> assertThat(secret.value())
			.isEqualTo(new EncryptedSecret("k1", "aGVscGRlc2stdG9rZW4tZW5jcnlwdGVkLXh4eHh4eA==")));
		assertThat(config.secret("other")).isEmpty();
	}

	@Test
	void aSecretNameOutsideThePatternDoesNotMatchTheSchema() {
		ObjectNode config = (ObjectNode) EventJson.mapper().readTree(Fixtures.bytes("tenants-config-demo.json"));
		((ObjectNode) config.withArray("secrets").get(0)).put("name", "Helpdesk.Token");

		assertThat(EventSchemas.validate(EventType.TENANT_CONFIG_V1, EventJson.write(config))).isNotEmpty();
	}

}
