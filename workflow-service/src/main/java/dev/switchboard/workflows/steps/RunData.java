package dev.switchboard.workflows.steps;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;

/**
 * Reads a run's data with JSONPath ({@code $.trigger.from}) and fills placeholders
 * ({@code "Hello {{$.trigger.profileName}}"}). No script is ever evaluated: a path only
 * selects values.
 */
final class RunData {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(\\$[^}]*?)\\s*}}");

	private static final Configuration PATHS = Configuration.defaultConfiguration()
		.addOptions(Option.SUPPRESS_EXCEPTIONS, Option.DEFAULT_PATH_LEAF_TO_NULL);

	private RunData() {
	}

	/** The value at {@code path}, null when there is none. */
	static Object read(Map<String, Object> data, String path) {
		return JsonPath.using(PATHS).parse(data).read(path);
	}

	/**
	 * The text with every placeholder replaced by its value (empty when there is none).
	 */
	static String render(String template, Map<String, Object> data) {
		if (template == null || !template.contains("{{")) {
			return template;
		}
		Matcher matcher = PLACEHOLDER.matcher(template);
		StringBuilder rendered = new StringBuilder();
		while (matcher.find()) {
			Object value = read(data, matcher.group(1));
			matcher.appendReplacement(rendered, Matcher.quoteReplacement((value != null) ? value.toString() : ""));
		}
		matcher.appendTail(rendered);
		return rendered.toString();
	}

	/** A value with placeholders filled, recursively through objects and arrays. */
	@SuppressWarnings("unchecked")
	static Object renderValue(Object value, Map<String, Object> data) {
		if (value instanceof String text) {
			// A value that is a single placeholder keeps its type (a number stays a
			// number).
			Matcher whole = PLACEHOLDER.matcher(text);
			if (whole.matches()) {
				return read(data, whole.group(1));
			}
			return render(text, data);
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> rendered = new java.util.LinkedHashMap<>();
			((Map<String, Object>) map).forEach((key, item) -> rendered.put(key, renderValue(item, data)));
			return rendered;
		}
		if (value instanceof java.util.List<?> list) {
			return list.stream().map((item) -> renderValue(item, data)).toList();
		}
		return value;
	}

}
