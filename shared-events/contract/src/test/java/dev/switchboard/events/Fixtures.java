package dev.switchboard.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads JSON fixtures from {@code src/test/resources/fixtures}. */
public final class Fixtures {

	private Fixtures() {
	}

	public static byte[] bytes(String name) {
		try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
			if (in == null) {
				throw new IllegalArgumentException("No fixture " + name);
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
