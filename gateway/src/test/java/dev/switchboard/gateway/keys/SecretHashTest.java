package dev.switchboard.gateway.keys;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretHashTest {

	@Test
	void hashesWithSha256() {
		// Known SHA-256 of "localdemosecret", the digest PostgreSQL's sha256() gives the
		// seed.
		assertThat(HexFormat.of().formatHex(SecretHash.of("localdemosecret")))
			.isEqualTo("f6f794b51bc10f65ef6146b53ce3ae86a8bcc53f039c099f979730ddad77bb8a");
	}

	@Test
	void matchesOnlyTheSameSecret() {
		byte[] stored = SecretHash.of("localdemosecret");
		assertThat(SecretHash.matches(stored, "localdemosecret")).isTrue();
		assertThat(SecretHash.matches(stored, "localdemosecreT")).isFalse();
		assertThat(SecretHash.matches(stored, "")).isFalse();
		assertThat(SecretHash.matches(null, "localdemosecret")).isFalse();
		assertThat(SecretHash.matches(new byte[0], "localdemosecret")).isFalse();
	}

}
