package dev.switchboard.tenants;

import java.time.Instant;
import java.util.List;

import dev.switchboard.events.tenants.ChannelConfig;
import dev.switchboard.events.tenants.TenantConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TenantSnapshotTest {

	@Test
	void newerVersionsReplaceOlderOnesAndOlderOnesAreIgnored() {
		TenantSnapshot snapshot = TenantSnapshot.EMPTY.with(tenant("acme", 2, "111", true))
			.with(tenant("acme", 1, "999", true));
		assertThat(snapshot.byPhoneNumberId("111")).isPresent();
		assertThat(snapshot.byPhoneNumberId("999")).isEmpty();
		snapshot = snapshot.with(tenant("acme", 3, "222", true));
		assertThat(snapshot.byPhoneNumberId("111")).isEmpty();
		assertThat(snapshot.byPhoneNumberId("222").map((ref) -> ref.tenant().tenantId())).contains("acme");
	}

	@Test
	void tombstoneRemovesTheTenantAndItsNumbers() {
		TenantSnapshot snapshot = TenantSnapshot.EMPTY.with(tenant("acme", 1, "111", true)).without("acme");
		assertThat(snapshot.tenant("acme")).isEmpty();
		assertThat(snapshot.byPhoneNumberId("111")).isEmpty();
	}

	@Test
	void aNumberClaimedTwiceRoutesToTheActiveChannel() {
		TenantSnapshot snapshot = TenantSnapshot.EMPTY.with(tenant("old", 5, "111", false))
			.with(tenant("new", 1, "111", true));
		assertThat(snapshot.byPhoneNumberId("111").map((ref) -> ref.tenant().tenantId())).contains("new");
	}

	@Test
	void findsChannelsByTenantAndId() {
		TenantSnapshot snapshot = TenantSnapshot.EMPTY.with(tenant("acme", 1, "111", true));
		assertThat(snapshot.channel("acme", "acme-meta")).isPresent();
		assertThat(snapshot.channel("other", "acme-meta")).isEmpty();
	}

	static TenantConfig tenant(String id, long version, String phoneNumberId, boolean channelActive) {
		ChannelConfig channel = new ChannelConfig(id + "-meta", ChannelConfig.META, phoneNumberId, "waba-" + id, null,
				List.of(), null, 80, null, null, channelActive);
		return new TenantConfig(id, id, TenantConfig.ACTIVE, "standard", List.of(channel), List.of(), version,
				Instant.parse("2025-06-16T10:00:00Z").plusSeconds(version));
	}

}
