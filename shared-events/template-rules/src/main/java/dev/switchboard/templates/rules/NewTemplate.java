package dev.switchboard.templates.rules;

import java.util.List;
import java.util.Map;

/**
 * A template to submit to Meta ({@code POST /{WABA_ID}/message_templates}).
 *
 * @param name lower-case letters, digits and underscores
 * @param language language code, e.g. {@code en}, {@code en_US}
 * @param category MARKETING, UTILITY or AUTHENTICATION
 * @param parameterFormat POSITIONAL or NAMED; null means POSITIONAL (Meta's default)
 * @param components HEADER, BODY, FOOTER and BUTTONS in Meta's shape, with examples;
 * parsed JSON (maps, lists, strings, numbers)
 */
public record NewTemplate(String name, String language, String category, String parameterFormat,
		List<Map<String, Object>> components) {

	public NewTemplate {
		components = (components != null) ? List.copyOf(components) : List.of();
	}

}
