package dev.switchboard.gateway.limits;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rate limit window: at most {@code limit} requests per {@code window}.
 *
 * @param limit requests allowed in one window
 * @param window the window length, whole seconds
 */
public record RateWindow(long limit, Duration window) {

	private static final Pattern SPEC = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\d+)\\s*([smhd])\\s*");

	public RateWindow {
		if (limit < 1) {
			throw new IllegalArgumentException("A rate limit must allow at least one request, was " + limit);
		}
		if (window == null || window.toMillis() < 1000 || window.toMillis() % 1000 != 0
				|| window.compareTo(Duration.ofDays(31)) > 0) {
			throw new IllegalArgumentException("A rate window must be whole seconds between 1s and 31d, was " + window);
		}
	}

	/**
	 * Parses {@code 50/1s}, {@code 3000/1m}, {@code 1000000/1d}.
	 * @param spec the window written as limit/length
	 * @return the window
	 */
	public static RateWindow parse(String spec) {
		Matcher matcher = SPEC.matcher(spec);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("Rate window must look like 50/1s, 3000/1m or 1000000/1d: " + spec);
		}
		long amount = Long.parseLong(matcher.group(2));
		Duration window = switch (matcher.group(3)) {
			case "s" -> Duration.ofSeconds(amount);
			case "m" -> Duration.ofMinutes(amount);
			case "h" -> Duration.ofHours(amount);
			default -> Duration.ofDays(amount);
		};
		return new RateWindow(Long.parseLong(matcher.group(1)), window);
	}

	/**
	 * Writes the window the way {@link #parse(String)} reads it.
	 * @return e.g. {@code 50/1s}
	 */
	public String spec() {
		return this.limit + "/" + this.window.toSeconds() + "s";
	}

	/**
	 * Parses several windows.
	 * @param specs the windows, e.g. {@code [50/1s, 3000/1m]}
	 * @return the windows
	 */
	public static List<RateWindow> parseAll(List<String> specs) {
		return specs.stream().map(RateWindow::parse).toList();
	}

}
