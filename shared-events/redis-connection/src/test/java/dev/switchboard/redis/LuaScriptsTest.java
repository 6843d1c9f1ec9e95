package dev.switchboard.redis;

import java.io.UncheckedIOException;

import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.script.DigestUtils;
import org.springframework.data.redis.core.script.RedisScript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LuaScriptsTest {

	@Test
	void aScriptIsTheResourcesTextWithItsSha1() {
		RedisScript<Long> script = LuaScripts.load("dev/switchboard/redis/answer.lua", Long.class);

		assertThat(script.getScriptAsString()).startsWith("-- A script for the tests")
			.endsWith("return tonumber(ARGV[1])\n");
		assertThat(script.getSha1()).isEqualTo(DigestUtils.sha1DigestAsHex(script.getScriptAsString()));
		assertThat(script.getResultType()).isEqualTo(Long.class);
	}

	@Test
	void aMissingScriptFailsTheLoadNamingIt() {
		assertThatExceptionOfType(UncheckedIOException.class)
			.isThrownBy(() -> LuaScripts.load("dev/switchboard/redis/missing.lua", Long.class))
			.withMessageContaining("dev/switchboard/redis/missing.lua");
	}

}
