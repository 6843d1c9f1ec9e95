package dev.switchboard.workflows.steps;

import java.time.Instant;
import java.util.List;

import dev.switchboard.events.tenants.TenantConfig;
import dev.switchboard.events.tenants.TenantSecret;
import dev.switchboard.tenants.SecretCipher;
import dev.switchboard.tenants.TenantDirectory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A tenant's named secrets open for that tenant only; failures never carry a value. */
class TenantSecretsTest {

	private static final SecretCipher CIPHER = SecretCipher
		.fromSpec("local:bG9jYWwtc3dpdGNoYm9hcmQtc2VjcmV0cy1rZXktMzI=");

	@Test
	void aSetSecretOpensForItsTenantOnly() {
		TenantSecret token = new TenantSecret("helpdesk_token",
				CIPHER.encrypt("hd-token-7b1", TenantSecret.boundTo("shop", "helpdesk_token")));
		// The same ciphertext published under another tenant does not open there.
		TenantSecrets secrets = new TenantSecrets(
				TenantDirectory.withStatic(List.of(tenant("shop", token), tenant("other", token))), CIPHER);

		assertThat(secrets.open("shop", "helpdesk_token")).isEqualTo("hd-token-7b1");
		assertThatThrownBy(() -> secrets.open("other", "helpdesk_token")).isInstanceOf(StepFailure.class)
			.hasMessage("secret helpdesk_token cannot be opened with this service's keys");
		assertThatThrownBy(() -> secrets.open("shop", "crm_token")).isInstanceOf(StepFailure.class)
			.hasMessage("secret crm_token is not set");
		assertThatThrownBy(() -> secrets.open("nobody", "helpdesk_token")).isInstanceOf(StepFailure.class)
			.hasMessage("secret helpdesk_token is not set");
	}

	@Test
	void withoutKeysNoSecretOpens() {
		TenantSecret token = new TenantSecret("helpdesk_token",
				CIPHER.encrypt("hd-token-7b1", TenantSecret.boundTo("shop", "helpdesk_token")));
		TenantSecrets secrets = new TenantSecrets(TenantDirectory.withStatic(List.of(tenant("shop", token))), null);

		assertThatThrownBy(() -> secrets.open("shop", "helpdesk_token")).isInstanceOf(StepFailure.class)
			.hasMessageNotContaining("hd-token-7b1")
			.hasMessageContaining("switchboard.secrets.keys");
	}

	private static TenantConfig tenant(String id, TenantSecret secret) {
		return new TenantConfig(id, id, TenantConfig.ACTIVE, "standard", List.of(), List.of(), 1, Instant.now(),
				List.of(secret));
	}

}
