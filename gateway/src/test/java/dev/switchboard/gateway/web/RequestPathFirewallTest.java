package dev.switchboard.gateway.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RequestPathFirewallTest {

	@ParameterizedTest
	@ValueSource(strings = { "/%61dmin", "/%41DMIN", "/api/v1/%6Dessages", "/a/%7E", "/a/%2d", "/a/%5f", "/a/%30",
			"/a/%", "/a/%2", "/a/%zz", "/a/%g0" })
	void escapesOfCharactersThatNeedNoneAreRefused(String path) {
		assertThat(RequestPathFirewall.hasNeedlessEscape(path)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/admin/v1/tenants", "/api/v1/messages/%2B972500000001", "/a/%20b", "/a/%C3%A9", "/a/%40",
			"/a/%3A" })
	void escapesThatAPathNeedsAreKept(String path) {
		assertThat(RequestPathFirewall.hasNeedlessEscape(path)).isFalse();
	}

}
