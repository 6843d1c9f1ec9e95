package dev.switchboard.simulators;

import java.time.Duration;
import java.util.Locale;

/**
 * Reads durations written as ISO-8601 ({@code PT0.5S}), {@code 250ms}, {@code 2s} or
 * plain millis.
 */
final class Durations {

	private Durations() {
	}

	static Duration parse(String text) {
		String value = text.trim().toLowerCase(Locale.ROOT);
		if (value.startsWith("p")) {
			return Duration.parse(value.toUpperCase(Locale.ROOT));
		}
		if (value.endsWith("ms")) {
			return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2).trim()));
		}
		if (value.endsWith("s")) {
			return Duration
				.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1).trim()) * 1000));
		}
		return Duration.ofMillis(Long.parseLong(value));
	}

}
