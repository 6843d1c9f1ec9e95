package dev.switchboard.gateway.keys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyCredentialsTest {

	@Test
	void parsesPrefixAndSecret() {
		assertThat(ApiKeyCredentials.parse("sb_demokey1.localdemosecret"))
			.contains(new ApiKeyCredentials("demokey1", "localdemosecret"));
	}

	@ParameterizedTest
	@NullSource
	@ValueSource(strings = { "", "demokey1.localdemosecret", "sk_demokey1.localdemosecret",
			"SB_demokey1.localdemosecret", "sb_demokey1localdemosecret", "sb_.localdemosecret", "sb_demokey1.", "sb_.",
			"sb_demokey1.local.demosecret", "sb_demo key1.localdemosecret", " sb_demokey1.localdemosecret",
			"sb_demokey1.localdemosecret\n", "sb_dem.localdemosecret", "sb_demokey1.short" })
	void rejectsMalformedKeys(String key) {
		assertThat(ApiKeyCredentials.parse(key)).isEmpty();
	}

	@Test
	void neverPrintsTheSecret() {
		assertThat(new ApiKeyCredentials("demokey1", "localdemosecret").toString()).contains("demokey1")
			.doesNotContain("localdemosecret");
	}

}
