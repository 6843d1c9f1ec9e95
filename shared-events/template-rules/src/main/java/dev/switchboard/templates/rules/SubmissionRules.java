package dev.switchboard.templates.rules;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A new template's compliance checks before it is submitted, so that Meta's review does
 * not refuse what a local rule can tell: name, category, language, parameter format,
 * components (one BODY, at most one HEADER, FOOTER and BUTTONS), text limits, variable
 * placement, examples and button limits. Every failed rule is listed.
 */
public final class SubmissionRules {

	static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,512}");

	/** Like {@code en}, {@code en_US}, {@code pt_BR}, {@code fil}, {@code zh_HK}. */
	static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(_[A-Z]{2})?");

	static final Set<String> CATEGORIES = Set.of("MARKETING", "UTILITY", "AUTHENTICATION");

	static final Set<String> PARAMETER_FORMATS = Set.of("POSITIONAL", "NAMED");

	private static final Set<String> COMPONENT_TYPES = Set.of("HEADER", "BODY", "FOOTER", "BUTTONS");

	private SubmissionRules() {
	}

	/** Every rule the template breaks; empty when it may be submitted. */
	public static List<TemplateProblem> check(NewTemplate template) {
		Problems problems = new Problems();
		if (template.name() == null || !NAME.matcher(template.name()).matches()) {
			problems.add(ProblemCode.NAME_INVALID, "name",
					"a name is 1 to 512 lower-case letters, digits and underscores");
		}
		String category = upper(template.category());
		if (!CATEGORIES.contains(category)) {
			problems.add(ProblemCode.CATEGORY_INVALID, "category", "category must be one of " + CATEGORIES);
		}
		if (template.language() == null || !LANGUAGE.matcher(template.language()).matches()) {
			problems.add(ProblemCode.LANGUAGE_INVALID, "language",
					"a language code is like en, en_US, pt_BR or fil; " + template.language() + " is not");
		}
		String format = (template.parameterFormat() != null) ? upper(template.parameterFormat()) : "POSITIONAL";
		if (!PARAMETER_FORMATS.contains(format)) {
			problems.add(ProblemCode.PARAMETER_FORMAT_INVALID, "parameter_format",
					"parameter_format must be POSITIONAL or NAMED");
		}
		components(template.components(), category, "NAMED".equals(format), problems);
		return problems.list();
	}

	private static void components(List<Map<String, Object>> components, String category, boolean named,
			Problems problems) {
		Set<String> seen = new HashSet<>();
		TextComponentRules text = new TextComponentRules(named, problems);
		for (int i = 0; i < components.size(); i++) {
			Map<String, Object> component = components.get(i);
			String type = Values.upper(component, "type");
			if (type == null || !COMPONENT_TYPES.contains(type)) {
				problems.add(ProblemCode.COMPONENT_INVALID, "components[" + i + "]",
						"a component's type is one of " + COMPONENT_TYPES + " (others are not submitted here)");
				continue;
			}
			if (!seen.add(type)) {
				problems.add(ProblemCode.COMPONENT_DUPLICATE, type, "a template has at most one " + type);
				continue;
			}
			switch (type) {
				case "HEADER" -> text.header(component, category);
				case "BODY" -> text.body(component);
				case "FOOTER" -> text.footer(component);
				default -> new ButtonRules(problems).check(component);
			}
		}
		if (!seen.contains("BODY")) {
			problems.add(ProblemCode.BODY_MISSING, "BODY", "a template needs a BODY");
		}
		text.consistency();
	}

	private static String upper(String value) {
		return (value != null) ? value.toUpperCase(Locale.ROOT) : null;
	}

}
