package dev.switchboard.messaging.channels;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.switchboard.events.tenants.ChannelConfig;
import dev.switchboard.events.tenants.TenantConfig;
import dev.switchboard.tenants.SecretCipher;
import dev.switchboard.tenants.TenantDirectory;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which channel a send without a channel id goes through, and whose statuses a number
 * carries.
 */
class ChannelDirectoryTest {

	private static final Channel CBB = new Channel("demo", "demo-cbb", Provider.CBB, "100000000000001", "t",
			"http://cbb", null);

	private static final Channel META = new Channel("demo", "demo-meta", Provider.META, "100000000000001", "t", null,
			null);

	@Test
	void theDefaultIsTheTenantsFirstMetaChannel() {
		assertThat(directory(CBB, META).find("demo", null)).contains(META);
	}

	@Test
	void aTenantWithoutMetaChannelsSendsThroughItsFirstChannel() {
		assertThat(directory(CBB).find("demo", null)).contains(CBB);
	}

	@Test
	void aNamedChannelIsThatChannelOfTheTenantOnly() {
		ChannelDirectory directory = directory(CBB, META);
		assertThat(directory.find("demo", "demo-cbb")).contains(CBB);
		assertThat(directory.find("acme", "demo-cbb")).isEmpty();
	}

	@Test
	void statusesOfANumberMayBelongToItsCbbChannelsAndToCbbChannelsNamingNoNumber() {
		Channel unnamed = new Channel("demo", "demo-cbb-2", Provider.CBB, "cbb-demo-cbb-2", "t", "http://cbb", null);
		Channel elsewhere = new Channel("demo", "demo-cbb-3", Provider.CBB, "100000000000009", "t", "http://cbb", null);
		ChannelDirectory directory = directory(CBB, META, unnamed, elsewhere);
		assertThat(directory.cbbChannelsFor("demo", "100000000000001")).containsExactly(CBB, unnamed);
		assertThat(directory.cbbChannelsFor("acme", "100000000000001")).isEmpty();
		assertThat(ChannelDirectory.namesNumber(unnamed)).isFalse();
		assertThat(ChannelDirectory.namesNumber(CBB)).isTrue();
	}

	@Test
	void aChannelOfThePublishedTenantConfigurationCarriesItsTemplateFallbacks() {
		SecretCipher cipher = SecretCipher.fromSpec("local:bG9jYWwtc3dpdGNoYm9hcmQtc2VjcmV0cy1rZXktMzI=");
		ChannelConfig channel = new ChannelConfig("shop1-meta", "META", "100000000000777", null,
				cipher.encrypt("token", "shop1/shop1-meta/accessToken"), List.of(), null, null, null, Map.of(), true,
				Map.of("order_update", "order_update_basic"));
		TenantConfig tenant = new TenantConfig("shop1", "Shop One", TenantConfig.ACTIVE, "standard", List.of(channel),
				List.of(), 3, Instant.now());
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("tenants", TenantDirectory.withStatic(List.of(tenant)));
		beans.addBean("cipher", cipher);
		ChannelDirectory directory = new ChannelDirectory(new ChannelProperties(List.of()),
				beans.getBeanProvider(TenantDirectory.class), beans.getBeanProvider(SecretCipher.class));

		assertThat(directory.find("shop1", "shop1-meta")).get()
			.extracting(Channel::templateFallbacks)
			.isEqualTo(Map.of("order_update", "order_update_basic"));
	}

	private static ChannelDirectory directory(Channel... channels) {
		StaticListableBeanFactory none = new StaticListableBeanFactory();
		return new ChannelDirectory(new ChannelProperties(List.of(channels)),
				none.getBeanProvider(dev.switchboard.tenants.TenantDirectory.class),
				none.getBeanProvider(dev.switchboard.tenants.SecretCipher.class));
	}

}
