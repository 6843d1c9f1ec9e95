package dev.switchboard.ingest.channels;

import java.util.List;

import dev.switchboard.ingest.IngestProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ChannelDirectoryTest {

	private static final ChannelConfig DEMO = new ChannelConfig("demo", "demo-meta", "100000000000001",
			"200000000000001", List.of("demo-app-secret", "next-app-secret"), "demo-verify-token");

	private static final ChannelConfig ACME = new ChannelConfig("acme", "acme-meta", "100000000000002", null,
			List.of("acme-app-secret"), "acme-verify-token");

	private final ChannelDirectory directory = new ChannelDirectory(
			new IngestProperties(List.of(DEMO, ACME), null, null));

	@Test
	void routesByPhoneNumberId() {
		assertThat(this.directory.byPhoneNumberId("100000000000002")).contains(ACME);
		assertThat(this.directory.byPhoneNumberId("999")).isEmpty();
		assertThat(this.directory.byPhoneNumberIds(List.of("999", "100000000000001", "100000000000001")))
			.containsExactly(DEMO);
	}

	@Test
	void routesAccountChangesByWabaId() {
		ChannelConfig second = new ChannelConfig("demo", "demo-meta-2", "100000000000003", "200000000000001",
				List.of("demo-app-secret"), "t");
		ChannelDirectory directory = new ChannelDirectory(
				new IngestProperties(List.of(DEMO, ACME, second), null, null));

		assertThat(directory.byWabaId("200000000000001")).contains(DEMO);
		assertThat(directory.byWabaId("299999999999999")).isEmpty();
		assertThat(directory.byWabaId(null)).isEmpty();
	}

	@Test
	void refusesAWabaIdConfiguredForTwoTenants() {
		ChannelConfig other = new ChannelConfig("other", "other-meta", "100000000000003", DEMO.wabaId(), List.of("s"),
				"t");

		assertThatIllegalStateException()
			.isThrownBy(() -> new ChannelDirectory(new IngestProperties(List.of(DEMO, other), null, null)))
			.withMessageContaining("200000000000001");
	}

	@Test
	void acceptsTheVerifyTokenOfAnyChannelOnly() {
		assertThat(this.directory.acceptsVerifyToken("demo-verify-token")).isTrue();
		assertThat(this.directory.acceptsVerifyToken("acme-verify-token")).isTrue();
		assertThat(this.directory.acceptsVerifyToken("demo-verify-toke")).isFalse();
		assertThat(this.directory.acceptsVerifyToken("")).isFalse();
		assertThat(this.directory.acceptsVerifyToken(null)).isFalse();
	}

	@Test
	void refusesAPhoneNumberIdConfiguredTwice() {
		ChannelConfig copy = new ChannelConfig("other", "other-meta", DEMO.phoneNumberId(), "200000000000001",
				List.of("s"), "t");

		assertThatIllegalStateException()
			.isThrownBy(() -> new ChannelDirectory(new IngestProperties(List.of(DEMO, copy), null, null)))
			.withMessageContaining("100000000000001");
	}

	@Test
	void neverPrintsSecrets() {
		String printed = new IngestProperties(List.of(DEMO), null, null).toString();

		assertThat(printed).contains("demo-meta", "100000000000001")
			.doesNotContain("demo-app-secret", "next-app-secret", "demo-verify-token");
	}

}
