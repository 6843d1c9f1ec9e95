package dev.switchboard.templates.rules;

import java.util.List;
import java.util.Map;

/**
 * A template as Meta lists it, the part sends are checked against.
 *
 * @param name template name
 * @param language language code, e.g. {@code en_US}
 * @param parameterFormat {@code POSITIONAL} or {@code NAMED}; null or anything else is
 * taken from the variables (names mean NAMED)
 * @param components the template's components as Meta returns them: {@code type} HEADER
 * (with {@code format} and {@code text}), BODY, FOOTER, BUTTONS (with {@code buttons});
 * parsed JSON (maps, lists, strings, numbers)
 */
public record TemplateDefinition(String name, String language, String parameterFormat,
		List<Map<String, Object>> components) {

	public TemplateDefinition {
		components = (components != null) ? List.copyOf(components) : List.of();
	}

}
