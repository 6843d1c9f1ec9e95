package dev.switchboard.ingest;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class IngestPropertiesTest {

	@Test
	void defaultsToMetasLimitWithAMarginAndTenSeconds() {
		IngestProperties properties = new IngestProperties(null, null, null);

		assertThat(properties.channels()).isEmpty();
		assertThat(properties.maxBodySize()).isEqualTo(DataSize.ofBytes(3 * 1024 * 1024 + 512 * 1024));
		assertThat(properties.publishTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.maxBufferedBodies()).isEqualTo(32);
		assertThat(properties.maxAppSecrets()).isEqualTo(16);
	}

	@Test
	void refusesNonsensicalLimits() {
		assertThatIllegalArgumentException().isThrownBy(() -> new IngestProperties(null, DataSize.ofBytes(0), null));
		assertThatIllegalArgumentException().isThrownBy(() -> new IngestProperties(null, null, Duration.ZERO));
	}

}
