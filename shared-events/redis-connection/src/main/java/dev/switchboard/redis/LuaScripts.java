package dev.switchboard.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Lua scripts kept as class path resources ({@code src/main/resources/scripts/*.lua}),
 * for the decisions every instance must take together and atomically in Redis (rate
 * limits, send pacing): one EVALSHA per decision.
 * <p>
 * A script is read and its SHA-1 computed once, when it is loaded at start-up.
 * {@code RedisScript.of(Resource, type)} would keep the resource as the script's source:
 * every execution would then ask the resource whether it changed (a file or jar look-up
 * on the caller's thread, event loops included), and a Redis that lost its script cache
 * (a restart) would have the resource read again.
 */
public final class LuaScripts {

	private LuaScripts() {
	}

	/**
	 * Reads a script from the class path.
	 * @param <T> the result type
	 * @param location where the script is on the class path, e.g.
	 * {@code scripts/rate-limit.lua}
	 * @param resultType what the script returns: {@code Long}, {@code List}, ...
	 * @return the script, its text and SHA-1 held in memory
	 * @throws UncheckedIOException when there is no such script: start-up fails
	 */
	public static <T> RedisScript<T> load(String location, Class<T> resultType) {
		String text;
		try {
			text = new ClassPathResource(location).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Lua script " + location + " cannot be read", ex);
		}
		RedisScript<T> script = RedisScript.of(text, resultType);
		script.getSha1();
		return script;
	}

}
