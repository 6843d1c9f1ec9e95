package dev.switchboard.events;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UuidsTest {

	@Test
	void givesVersion4UuidsOfTheStandardVariant() {
		for (int i = 0; i < 1000; i++) {
			UUID id = Uuids.random();
			assertThat(id.version()).isEqualTo(4);
			assertThat(id.variant()).isEqualTo(2);
			assertThat(UUID.fromString(id.toString())).isEqualTo(id);
		}
	}

	@Test
	void givesADifferentIdEachTime() {
		Set<UUID> ids = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			ids.add(Uuids.random());
		}
		assertThat(ids).hasSize(10_000);
	}

}
