package dev.switchboard.gateway.keys;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An API key as presented by a caller: {@code sb_<prefix>.<secret>}. The prefix is public
 * and finds the key; only a hash of the secret is stored.
 *
 * @param prefix the public part that identifies the key
 * @param secret the secret part (never log it)
 */
record ApiKeyCredentials(String prefix, String secret) {

	private static final Pattern FORMAT = Pattern.compile("sb_([A-Za-z0-9]{4,32})\\.([A-Za-z0-9_-]{8,128})");

	/**
	 * Parses a key strictly: the {@code sb_} marker, one dot, and both parts made of the
	 * allowed characters and lengths.
	 * @param key the presented key, may be {@code null}
	 * @return the credentials, or empty when the key is malformed
	 */
	static Optional<ApiKeyCredentials> parse(String key) {
		if (key == null) {
			return Optional.empty();
		}
		Matcher matcher = FORMAT.matcher(key);
		if (!matcher.matches()) {
			return Optional.empty();
		}
		return Optional.of(new ApiKeyCredentials(matcher.group(1), matcher.group(2)));
	}

	@Override
	public String toString() {
		return "ApiKeyCredentials[prefix=" + this.prefix + ", secret=******]";
	}

}
