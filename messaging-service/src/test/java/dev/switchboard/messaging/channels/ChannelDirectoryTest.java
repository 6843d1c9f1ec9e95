package dev.switchboard.messaging.channels;

import java.util.List;

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

	private static ChannelDirectory directory(Channel... channels) {
		StaticListableBeanFactory none = new StaticListableBeanFactory();
		return new ChannelDirectory(new ChannelProperties(List.of(channels)),
				none.getBeanProvider(dev.switchboard.tenants.TenantDirectory.class),
				none.getBeanProvider(dev.switchboard.tenants.SecretCipher.class));
	}

}
