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
	void templateFallbacksMapTemplateNamesToTemplateNames() {
		assertThat(TenantRequests.templateFallbackErrors(null)).isEmpty();
		assertThat(TenantRequests.templateFallbackErrors(Map.of("order_update", "order_update_basic"))).isEmpty();
		assertThat(TenantRequests.templateFallbackErrors(Map.of("order_update", 7)))
			.containsExactly("templateFallbacks.order_update: the fallback's template name as a string, not a number");
		assertThat(TenantRequests.templateFallbackErrors(Map.of("order_update", List.of("a"))))
			.containsExactly("templateFallbacks.order_update: the fallback's template name as a string, not an array");
		assertThat(TenantRequests.templateFallbackErrors(Map.of("Order", "b"))).singleElement()
			.asString()
			.startsWith("templateFallbacks: 'Order' is not a template name");
		assertThat(TenantRequests.templateFallbackErrors(Map.of("a", "B-1"))).singleElement()
			.asString()
			.startsWith("templateFallbacks.a: 'B-1' is not a template name");
		NewChannel channel = new NewChannel("x", "CBB", null, null, "t", null, null, null, "https://cbb.example.com",
				Map.of(), Map.of("order_update", "order_update_basic"));
		assertThat(channel.encrypt("demo", CIPHER).templateFallbacks())
			.containsExactly(Map.entry("order_update", "order_update_basic"));
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
