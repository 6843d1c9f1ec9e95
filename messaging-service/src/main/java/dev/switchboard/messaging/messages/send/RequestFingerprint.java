package dev.switchboard.messaging.messages.send;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.switchboard.events.EventJson;

/**
 * A digest of what a send asks for (channel, recipient, type, content, reply), the same
 * whatever the order of JSON keys: a repeated Idempotency-Key with the same digest is a
 * repeat, with another digest a reuse.
 */
final class RequestFingerprint {

	private RequestFingerprint() {
	}

	static String of(String channelId, String to, String type, Map<String, Object> content, String replyTo) {
		List<Object> parts = new ArrayList<>();
		parts.add(channelId);
		parts.add(to);
		parts.add(type);
		parts.add(canonical(content));
		parts.add(replyTo);
		byte[] json = EventJson.write(parts);
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Object canonical(Object value) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> sorted = new TreeMap<>();
			map.forEach((key, inner) -> sorted.put(String.valueOf(key), canonical(inner)));
			return sorted;
		}
		if (value instanceof List<?> list) {
			return list.stream().map(RequestFingerprint::canonical).toList();
		}
		return (value instanceof String text) ? text.getBytes(StandardCharsets.UTF_8).length + ":" + text : value;
	}

}
