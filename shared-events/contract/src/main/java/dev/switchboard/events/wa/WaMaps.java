package dev.switchboard.events.wa;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Read-only copies of verbatim JSON objects. Unlike {@link Map#copyOf(Map)} they keep
 * null values and key order, as Meta sent them.
 */
final class WaMaps {

	private WaMaps() {
	}

	static Map<String, Object> copy(Map<String, Object> map) {
		return (map != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(map)) : null;
	}

}
