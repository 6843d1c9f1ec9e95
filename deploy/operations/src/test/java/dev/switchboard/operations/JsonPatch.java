package dev.switchboard.operations;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON patch operations (RFC 6902: add, replace, remove) and the merge of a strategic
 * merge patch's maps the overlays use, on YAML maps: enough to render an overlay, and
 * strict where kustomize is: a replaced or removed path must exist.
 */
final class JsonPatch {

	private JsonPatch() {
	}

	@SuppressWarnings("unchecked")
	static void apply(Map<String, Object> document, Map<String, Object> operation, String where) {
		String op = String.valueOf(operation.get("op"));
		String path = String.valueOf(operation.get("path"));
		String[] segments = path.substring(1).split("/");
		Object parent = document;
		for (int i = 0; i < segments.length - 1; i++) {
			parent = child(parent, segments[i]);
			assertThat(parent).as(where + ": " + op + " " + path + " (missing " + segments[i] + ")").isNotNull();
		}
		String last = segments[segments.length - 1].replace("~1", "/").replace("~0", "~");
		if (parent instanceof Map<?, ?> map) {
			Map<String, Object> target = (Map<String, Object>) map;
			if (!op.equals("add")) {
				assertThat(target).as(where + ": " + op + " " + path).containsKey(last);
			}
			if (op.equals("remove")) {
				target.remove(last);
			}
			else {
				target.put(last, operation.get("value"));
			}
		}
		else if (parent instanceof List<?> list) {
			List<Object> target = (List<Object>) list;
			if (op.equals("add") && last.equals("-")) {
				target.add(operation.get("value"));
				return;
			}
			int index = Integer.parseInt(last);
			assertThat(index).as(where + ": " + op + " " + path).isLessThan(target.size() + (op.equals("add") ? 1 : 0));
			switch (op) {
				case "add" -> target.add(index, operation.get("value"));
				case "remove" -> target.remove(index);
				default -> target.set(index, operation.get("value"));
			}
		}
		else {
			throw new AssertionError(where + ": " + path + " is not inside an object or array");
		}
	}

	/**
	 * A strategic merge of maps (lists replaced), as kustomize does for ConfigMap data.
	 */
	@SuppressWarnings("unchecked")
	static void merge(Map<String, Object> target, Map<String, Object> patch) {
		patch.forEach((key, value) -> {
			Object existing = target.get(key);
			if (existing instanceof Map<?, ?> existingMap && value instanceof Map<?, ?> valueMap) {
				merge((Map<String, Object>) existingMap, (Map<String, Object>) valueMap);
			}
			else {
				target.put(key, value);
			}
		});
	}

	private static Object child(Object parent, String segment) {
		String key = segment.replace("~1", "/").replace("~0", "~");
		if (parent instanceof Map<?, ?> map) {
			return map.get(key);
		}
		if (parent instanceof List<?> list) {
			int index = Integer.parseInt(key);
			return (index < list.size()) ? list.get(index) : null;
		}
		return null;
	}

}
