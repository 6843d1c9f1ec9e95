package dev.switchboard.simulators;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatorSettingsTest {

	@Test
	void defaultsToPort8090AndTheLocalIngest() {
		SimulatorSettings settings = SimulatorSettings.fromEnvironment((name) -> null, (name) -> null);

		assertThat(settings.options().port()).isEqualTo(8090);
		assertThat(settings.options().webhookUrl()).isEqualTo("http://localhost:8081/webhooks/whatsapp");
		assertThat(settings.options().appSecrets()).containsEntry("100000000000001", "demo-app-secret");
		assertThat(settings.autoStatuses()).isTrue();
		assertThat(settings.helpdeskToken()).isEqualTo("demo-helpdesk-token");
	}

	@Test
	void readsEnvironmentAndPrefersSystemProperties() {
		Map<String, String> env = Map.of("SWITCHBOARD_SIMULATORS_PORT", "9999", "SWITCHBOARD_SIMULATORS_WEBHOOK_URL",
				"http://ingest:8081/webhooks/whatsapp", "SWITCHBOARD_SIMULATORS_APP_SECRETS", "111=s1, 222=s2",
				"SWITCHBOARD_SIMULATORS_WABA_IDS", "111=333", "SWITCHBOARD_SIMULATORS_SENT_DELAY", "1s",
				"SWITCHBOARD_SIMULATORS_READ_DELAY", "PT3S", "SWITCHBOARD_SIMULATORS_AUTO_STATUSES", "false",
				"SWITCHBOARD_SIMULATORS_HELPDESK_TOKEN", "hd-local");
		Map<String, String> props = Map.of("switchboard.simulators.port", "9100",
				"switchboard.simulators.delivered-delay", "1500ms");

		SimulatorSettings settings = SimulatorSettings.fromEnvironment(props::get, env::get);

		SimulatorOptions options = settings.options();
		assertThat(options.port()).isEqualTo(9100);
		assertThat(options.webhookUrl()).isEqualTo("http://ingest:8081/webhooks/whatsapp");
		assertThat(options.appSecrets()).containsEntry("111", "s1").containsEntry("222", "s2");
		assertThat(options.wabaIds()).containsEntry("111", "333");
		assertThat(options.sentDelay()).isEqualTo(Duration.ofSeconds(1));
		assertThat(options.deliveredDelay()).isEqualTo(Duration.ofMillis(1500));
		assertThat(options.readDelay()).isEqualTo(Duration.ofSeconds(3));
		assertThat(settings.autoStatuses()).isFalse();
		assertThat(settings.helpdeskToken()).isEqualTo("hd-local");
	}

	@Test
	void optionDefaultsMatchTheDemoTenant() {
		SimulatorOptions options = SimulatorOptions.defaults();

		assertThat(options.port()).isZero();
		assertThat(options.sentDelay()).isEqualTo(Duration.ofMillis(100));
		assertThat(options.deliveredDelay()).isEqualTo(Duration.ofMillis(200));
		assertThat(options.readDelay()).isEqualTo(Duration.ofMillis(300));
		assertThat(new MetaAccounts(options).wabaId("100000000000001")).isEqualTo("200000000000001");
		assertThat(new MetaAccounts(options).appSecret("someone-else")).isEqualTo("demo-app-secret");
	}

}
