package dev.switchboard.ingest.orders;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OrderSourceConfigTest {

	@Test
	void decodesWhsecSecretsToTheirKeyBytes() {
		OrderSourceConfig config = new OrderSourceConfig("demo", "vizi",
				List.of("whsec_ZGVtby12aXppLXNpZ25pbmctc2VjcmV0"));
		assertThat(config.signingKeys()).singleElement()
			.satisfies(
					(key) -> assertThat(new String(key, StandardCharsets.UTF_8)).isEqualTo("demo-vizi-signing-secret"));
	}

	@Test
	void refusesSecretsNotInWhsecFormWithoutPrintingThem() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new OrderSourceConfig("demo", "vizi", List.of("plain-secret-value")))
			.withMessageNotContaining("plain-secret-value");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new OrderSourceConfig("demo", "vizi", List.of("whsec_!!notbase64")));
	}

	@Test
	void masksSecrets() {
		OrderSourceConfig config = new OrderSourceConfig("demo", "vizi",
				List.of("whsec_ZGVtby12aXppLXNpZ25pbmctc2VjcmV0", "whsec_b3RoZXItc2VjcmV0"));
		assertThat(config.toString()).doesNotContain("whsec_").contains("****, ****");
	}

}
