package dev.switchboard.messaging.messages.send;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.switchboard.http.problem.ApiProblem.FieldProblem;

/**
 * The {@code text} of a send request as the Graph API object {@code {"preview_url",
 * "body"}}: given as a plain string (no link preview) or already in the Graph shape, as
 * Cloud API clients send it.
 */
final class TextContent {

	private static final Set<String> FIELDS = Set.of("body", "preview_url");

	private static final String SHAPES = "must be a string or an object {\"body\": \"…\", \"preview_url\": false}";

	private TextContent() {
	}

	/**
	 * The Graph text object; problems (naming {@code text} or its fields) are added when
	 * the text is unusable.
	 * @param text the request's {@code text}: a string, a map, or anything JSON holds
	 * @return the object, null when there are problems
	 */
	static Map<String, Object> of(Object text, List<FieldProblem> problems) {
		if (text == null) {
			problems.add(new FieldProblem("text", "must not be blank"));
			return null;
		}
		if (text instanceof String body) {
			return graph(body, false, "text", problems);
		}
		if (!(text instanceof Map<?, ?> object)) {
			problems.add(new FieldProblem("text", SHAPES));
			return null;
		}
		int before = problems.size();
		for (Object key : object.keySet()) {
			if (!FIELDS.contains(key)) {
				problems.add(new FieldProblem("text." + key, "is not a field of a text (only body and preview_url)"));
			}
		}
		Object previewUrl = object.get("preview_url");
		if (previewUrl != null && !(previewUrl instanceof Boolean)) {
			problems.add(new FieldProblem("text.preview_url", "must be true or false"));
		}
		Object body = object.get("body");
		if (!(body instanceof String bodyText)) {
			problems.add(new FieldProblem("text.body", (body == null) ? "must be given" : "must be a string"));
			return null;
		}
		Map<String, Object> content = graph(bodyText, Boolean.TRUE.equals(previewUrl), "text.body", problems);
		return (problems.size() == before) ? content : null;
	}

	private static Map<String, Object> graph(String body, boolean previewUrl, String field,
			List<FieldProblem> problems) {
		if (body.isBlank()) {
			problems.add(new FieldProblem(field, "must not be blank"));
			return null;
		}
		if (body.codePointCount(0, body.length()) > ContentRules.MAX_TEXT) {
			problems.add(new FieldProblem(field, "must be at most " + ContentRules.MAX_TEXT + " characters"));
			return null;
		}
		Map<String, Object> text = new LinkedHashMap<>();
		text.put("preview_url", previewUrl);
		text.put("body", body);
		return text;
	}

}
