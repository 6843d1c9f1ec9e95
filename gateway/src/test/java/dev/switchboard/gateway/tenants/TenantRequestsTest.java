package dev.switchboard.gateway.tenants;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.events.tenants.ChannelConfig;
import dev.switchboard.events.tenants.OrderSourceConfig;
import dev.switchboard.tenants.SecretCipher;
import dev.switchboard.gateway.tenants.TenantRequests.NewChannel;
import dev.switchboard.gateway.tenants.TenantRequests.NewTenant;
import dev.switchboard.gateway.tenants.TenantRequests.OrderSourceSecrets;

import static org.assertj.core.api.Assertions.assertThat;

class TenantRequestsTest {

	private static final SecretCipher CIPHER = SecretCipher
		.fromSpec("local:bG9jYWwtc3dpdGNoYm9hcmQtc2VjcmV0cy1rZXktMzI=");

	@Test
	void tenantIdsAreLowerCaseAndNamesRequired() {
		assertThat(new NewTenant("shop-1", "Shop", null).errors()).isEmpty();
		assertThat(new NewTenant("shop-1", "Shop", null).planOrDefault()).isEqualTo("standard");
		assertThat(new NewTenant("Shop 1", " ", "Gold!").errors()).hasSize(3);
	}

	@Test
	void metaChannelsNeedTheirNumberTokenAndAppSecret() {
		assertThat(LocalTenantSeeder.DEMO_META.errors()).isEmpty();
		assertThat(LocalTenantSeeder.DEMO_CBB.errors()).isEmpty();
		assertThat(LocalTenantSeeder.demoCbb("http://simulators:8090/cbb").baseUrl())
			.isEqualTo("http://simulators:8090/cbb");
		assertThat(new NewChannel("x", "META", "abc", null, null, List.of(), null, 0, null, null).errors())
			.anyMatch((error) -> error.startsWith("phoneNumberId"))
			.anyMatch((error) -> error.startsWith("accessToken"))
			.anyMatch((error) -> error.startsWith("appSecrets"))
			.anyMatch((error) -> error.startsWith("messagesPerSecond"));
		assertThat(new NewChannel("x", "CBB", null, null, "t", null, null, null, " ", Map.of()).errors())
			.containsExactly("baseUrl: required for CBB");
		assertThat(new NewChannel("x", "SMS", null, null, "t", null, null, null, null, null).errors())
			.containsExactly("provider: META or CBB");
	}

	@Test
	void secretsAreEncryptedBoundToTheirPlace() {
		ChannelConfig meta = LocalTenantSeeder.DEMO_META.encrypt("demo", CIPHER);
		assertThat(CIPHER.decrypt(meta.accessToken(), "demo/demo-meta/accessToken")).isEqualTo("demo-access-token");
		assertThat(CIPHER.decrypt(meta.appSecrets().get(0), "demo/demo-meta/appSecret")).isEqualTo("demo-app-secret");
		assertThat(CIPHER.decrypt(meta.verifyToken(), "demo/demo-meta/verifyToken")).isEqualTo("demo-verify-token");
		assertThat(meta.toString()).doesNotContain("demo-access-token");
		ChannelConfig cbb = LocalTenantSeeder.DEMO_CBB.encrypt("demo", CIPHER);
		assertThat(cbb.phoneNumberId()).isNull();
		assertThat(cbb.appSecrets()).isEmpty();
		assertThat(CIPHER.decrypt(cbb.accessToken(), "demo/demo-cbb/accessToken")).isEqualTo("demo-cbb-token");
		OrderSourceConfig vizi = LocalTenantSeeder.DEMO_VIZI.encrypt("demo", "vizi", CIPHER);
		assertThat(CIPHER.decrypt(vizi.signingSecrets().get(0), "demo/orders/vizi/signingSecret"))
			.isEqualTo("whsec_ZGVtby12aXppLXNpZ25pbmctc2VjcmV0");
		assertThat(new OrderSourceSecrets(List.of("nope")).errors()).hasSize(1);
		assertThat(new OrderSourceSecrets(List.of("whsec_a")).toString()).doesNotContain("whsec_a");
	}

}
