package dev.switchboard.workflows.definitions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.switchboard.http.problem.ApiProblem.FieldProblem;

/**
 * Where a definition names the tenant's secrets: only in an {@code http_call} step's
 * header values, each as {@code {{secrets.NAME}}} with a name the gateway accepts.
 * Anywhere else (a URL, a body, a message, a {@code set} value) a secret could end up in
 * a log, the run's data or a customer's chat, so it is refused.
 */
final class SecretPlacements {

	static final String ONLY_IN_HEADERS = "{{secrets.…}} may only stand in an http_call step's header values";

	private SecretPlacements() {
	}

	/** Every misplaced or malformed secret placeholder of the document. */
	@SuppressWarnings("unchecked")
	static List<FieldProblem> problems(Map<String, Object> document) {
		List<FieldProblem> problems = new ArrayList<>();
		document.forEach((name, value) -> {
			if (!"steps".equals(name)) {
				walk(value, "/" + escape(name), problems);
			}
		});
		if (document.get("steps") instanceof List<?> steps) {
			for (int i = 0; i < steps.size(); i++) {
				if (steps.get(i) instanceof Map<?, ?> step) {
					step((Map<String, Object>) step, "/steps/" + i, problems);
				}
			}
		}
		return problems;
	}

	private static void step(Map<String, Object> step, String pointer, List<FieldProblem> problems) {
		boolean call = "http_call".equals(step.get("type"));
		step.forEach((name, value) -> {
			String at = pointer + "/" + escape(name);
			if (call && "headers".equals(name) && value instanceof Map<?, ?> headers) {
				headers.forEach((header, template) -> {
					String headerAt = at + "/" + escape(String.valueOf(header));
					mentioned(String.valueOf(header), headerAt, problems);
					if (template instanceof String text) {
						header(text, headerAt, problems);
					}
				});
			}
			else {
				walk(value, at, problems);
			}
		});
	}

	private static void header(String template, String pointer, List<FieldProblem> problems) {
		if (!SecretReferences.mentioned(template)) {
			return;
		}
		List<String> names = SecretReferences.names(template);
		if (names.isEmpty()
				|| SecretReferences.mentioned(SecretReferences.PLACEHOLDER.matcher(template).replaceAll(""))) {
			problems.add(new FieldProblem(pointer, "write a secret as {{secrets.name}}"));
		}
		for (String name : names) {
			if (!SecretReferences.NAME.matcher(name).matches()) {
				problems.add(new FieldProblem(pointer, "'" + name
						+ "' is not a secret name (a lower case letter, then up to 63 lower case letters, digits or _)"));
			}
		}
	}

	private static void walk(Object value, String pointer, List<FieldProblem> problems) {
		if (value instanceof String text) {
			mentioned(text, pointer, problems);
		}
		else if (value instanceof Map<?, ?> map) {
			map.forEach((key, item) -> {
				String at = pointer + "/" + escape(String.valueOf(key));
				mentioned(String.valueOf(key), at, problems);
				walk(item, at, problems);
			});
		}
		else if (value instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				walk(list.get(i), pointer + "/" + i, problems);
			}
		}
	}

	private static void mentioned(String text, String pointer, List<FieldProblem> problems) {
		if (SecretReferences.mentioned(text)) {
			problems.add(new FieldProblem(pointer, ONLY_IN_HEADERS));
		}
	}

	private static String escape(String name) {
		return name.replace("~", "~0").replace("/", "~1");
	}

}
