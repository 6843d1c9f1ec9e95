package dev.switchboard.ingest.channels;

import java.time.Instant;
import java.util.List;

import dev.switchboard.tenants.TenantDirectory;
import dev.switchboard.events.tenants.OrderSourceConfig;
import dev.switchboard.tenants.SecretCipher;
import dev.switchboard.events.tenants.TenantConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Channels and order-source secrets of every tenant the directory holds, including those
 * it read before this service looked (e.g. right after a restart).
 */
class TenantChannelsTest {

	private static final SecretCipher CIPHER = SecretCipher
		.fromSpec("local:bG9jYWwtc3dpdGNoYm9hcmQtc2VjcmV0cy1rZXktMzI=");

	@Test
	void listsEveryTenantOfTheDirectoryWithItsSecretsOpened() {
		TenantChannels channels = new TenantChannels(TenantDirectory.withStatic(List.of(tenant("t1"), tenant("t2"))),
				CIPHER);

		assertThat(channels.all()).extracting(ChannelConfig::phoneNumberId)
			.containsExactlyInAnyOrder("phone-t1", "phone-t2");
		assertThat(channels.all()).filteredOn((channel) -> "phone-t1".equals(channel.phoneNumberId()))
			.singleElement()
			.satisfies((channel) -> assertThat(channel.verifyToken()).isEqualTo("verify-t1"));
		assertThat(channels.orderSourceSecrets("vizi")).containsOnlyKeys("t1", "t2")
			.containsEntry("t1", List.of("whsec_t1"));
	}

	@Test
	void leavesSuspendedTenantsOut() {
		TenantConfig suspended = new TenantConfig("t3", "t3", TenantConfig.SUSPENDED, "standard",
				tenant("t3").channels(), tenant("t3").orderSources(), 2, Instant.now());
		TenantChannels channels = new TenantChannels(TenantDirectory.withStatic(List.of(suspended)), CIPHER);

		assertThat(channels.all()).isEmpty();
		assertThat(channels.orderSourceSecrets("vizi")).isEmpty();
	}

	private static TenantConfig tenant(String id) {
		String channel = id + "/meta";
		dev.switchboard.events.tenants.ChannelConfig meta = new dev.switchboard.events.tenants.ChannelConfig("meta",
				dev.switchboard.events.tenants.ChannelConfig.META, "phone-" + id, null,
				CIPHER.encrypt("token", channel + "/accessToken"),
				List.of(CIPHER.encrypt("app-secret-" + id, channel + "/appSecret")),
				CIPHER.encrypt("verify-" + id, channel + "/verifyToken"), null, null, null, true);
		OrderSourceConfig vizi = new OrderSourceConfig("vizi",
				List.of(CIPHER.encrypt("whsec_" + id, id + "/orders/vizi/signingSecret")));
		return new TenantConfig(id, id, TenantConfig.ACTIVE, "standard", List.of(meta), List.of(vizi), 1,
				Instant.now());
	}

}
