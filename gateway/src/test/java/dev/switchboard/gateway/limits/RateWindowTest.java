package dev.switchboard.gateway.limits;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RateWindowTest {

	@Test
	void parsesEveryUnitAndWritesItBack() {
		assertThat(RateWindow.parseAll(List.of("50/1s", "3000/1m", "100/2h", "1000000/1d"))).containsExactly(
				new RateWindow(50, Duration.ofSeconds(1)), new RateWindow(3000, Duration.ofMinutes(1)),
				new RateWindow(100, Duration.ofHours(2)), new RateWindow(1_000_000, Duration.ofDays(1)));
		assertThat(RateWindow.parse("3000/1m").spec()).isEqualTo("3000/60s");
		assertThat(RateWindow.parse(RateWindow.parse("3000/1m").spec())).isEqualTo(RateWindow.parse("3000/1m"));
	}

	@Test
	void refusesNonsense() {
		for (String spec : List.of("50", "50/s", "0/1s", "-1/1s", "50/0s", "50/40d", "fifty/1s")) {
			assertThatIllegalArgumentException().isThrownBy(() -> RateWindow.parse(spec));
		}
	}

}
