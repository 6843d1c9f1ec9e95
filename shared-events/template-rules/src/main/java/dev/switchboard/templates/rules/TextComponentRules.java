package dev.switchboard.templates.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A new template's HEADER, BODY and FOOTER: texts and their limits, where variables sit
 * and their examples.
 */
final class TextComponentRules {

	static final int MAX_HEADER_TEXT = 60;

	static final int MAX_BODY_TEXT = 1024;

	static final int MAX_FOOTER_TEXT = 60;

	private static final Set<String> HEADER_FORMATS = Set.of("TEXT", "IMAGE", "VIDEO", "DOCUMENT", "LOCATION");

	private static final Set<String> MEDIA_FORMATS = Set.of("IMAGE", "VIDEO", "DOCUMENT");

	/**
	 * Variables with leading or trailing whitespace or punctuation only: Meta's 2388299.
	 */
	private static final Pattern AT_START = Pattern.compile("^[\\s\\p{P}&&[^{]]*\\{\\{");

	private static final Pattern AT_END = Pattern.compile("\\}\\}[\\s\\p{P}&&[^}]]*$");

	private static final Pattern ADJACENT = Pattern.compile("\\}\\}\\s*\\{\\{");

	private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]");

	private final boolean named;

	private final Problems problems;

	/** Every variable of header and body, to tell named from positional across them. */
	private final List<String> variables = new ArrayList<>();

	TextComponentRules(boolean named, Problems problems) {
		this.named = named;
		this.problems = problems;
	}

	void header(Map<String, Object> header, String category) {
		String format = Values.upper(header, "format");
		if (format == null || !HEADER_FORMATS.contains(format)) {
			this.problems.add(ProblemCode.HEADER_FORMAT_INVALID, "HEADER",
					"a header's format is one of " + HEADER_FORMATS);
			return;
		}
		Map<String, Object> example = Values.map(header.get("example"));
		if (MEDIA_FORMATS.contains(format)) {
			List<?> handles = (example != null) ? Values.list(example.get("header_handle")) : null;
			if (handles == null || handles.isEmpty()) {
				this.problems.add(ProblemCode.EXAMPLE_MISSING, "HEADER",
						"a " + format + " header needs example.header_handle (an uploaded sample)");
			}
			return;
		}
		if ("LOCATION".equals(format)) {
			if (!"UTILITY".equals(category) && !"MARKETING".equals(category)) {
				this.problems.add(ProblemCode.HEADER_FORMAT_INVALID, "HEADER",
						"a LOCATION header is only for UTILITY and MARKETING templates");
			}
			return;
		}
		String text = Values.string(header, "text");
		if (!text("HEADER", text, MAX_HEADER_TEXT)) {
			return;
		}
		List<String> found = variables("HEADER", text);
		if (found.size() > 1) {
			this.problems.add(ProblemCode.TOO_MANY_VARIABLES, "HEADER", "a header has at most one variable");
		}
		if (found.size() == 1 && Placeholders.positional(found.get(0)) && !"1".equals(found.get(0))) {
			this.problems.add(ProblemCode.VARIABLES_NOT_SEQUENTIAL, "HEADER", "a header's variable is {{1}}");
		}
		if (!found.isEmpty()) {
			examples("HEADER", found, example, "header_text", "header_text_named_params", false);
		}
	}

	void body(Map<String, Object> body) {
		String text = Values.string(body, "text");
		if (!text("BODY", text, MAX_BODY_TEXT)) {
			return;
		}
		List<String> found = variables("BODY", text);
		if (found.isEmpty()) {
			return;
		}
		List<String> positional = found.stream().filter(Placeholders::positional).distinct().toList();
		if (!positional.isEmpty()) {
			Set<Integer> numbers = new HashSet<>();
			positional.forEach((variable) -> numbers.add(Integer.valueOf(variable)));
			for (int n = 1; n <= numbers.size(); n++) {
				if (!numbers.contains(n)) {
					this.problems.add(ProblemCode.VARIABLES_NOT_SEQUENTIAL, "BODY",
							"positional variables are {{1}} to {{" + numbers.size() + "}} without gaps, found "
									+ positional);
					break;
				}
			}
		}
		if (AT_START.matcher(text).find() || AT_END.matcher(text).find()) {
			this.problems.add(ProblemCode.VARIABLE_AT_EDGE, "BODY",
					"the body must not start or end with a variable (trailing punctuation counts as the end)");
		}
		if (ADJACENT.matcher(text).find()) {
			this.problems.add(ProblemCode.VARIABLES_ADJACENT, "BODY",
					"two variables need words between them, not whitespace alone");
		}
		long words = wordsOutsideVariables(text);
		if (words < 2L * found.size() + 1) {
			this.problems.add(ProblemCode.TOO_MANY_VARIABLES, "BODY", found.size() + " variable(s) need at least "
					+ (2 * found.size() + 1) + " other words, the body has " + words);
		}
		examples("BODY", found, Values.map(body.get("example")), "body_text", "body_text_named_params", true);
	}

	void footer(Map<String, Object> footer) {
		String text = Values.string(footer, "text");
		if (!text("FOOTER", text, MAX_FOOTER_TEXT)) {
			return;
		}
		if (!Placeholders.in(text).isEmpty()) {
			this.problems.add(ProblemCode.VARIABLE_NOT_ALLOWED, "FOOTER", "a footer has no variables");
		}
	}

	/**
	 * Named and positional variables across header and body, and against the declared
	 * format.
	 */
	void consistency() {
		boolean anyPositional = this.variables.stream().anyMatch(Placeholders::positional);
		boolean anyNamed = this.variables.stream().anyMatch((variable) -> !Placeholders.positional(variable));
		if (anyPositional && anyNamed) {
			this.problems.add(ProblemCode.VARIABLES_MIXED, "components",
					"a template uses named or positional variables, not both");
		}
		else if (anyNamed && !this.named) {
			this.problems.add(ProblemCode.PARAMETER_FORMAT, "parameter_format",
					"named variables need parameter_format NAMED");
		}
		else if (anyPositional && this.named) {
			this.problems.add(ProblemCode.PARAMETER_FORMAT, "parameter_format",
					"parameter_format NAMED needs named variables like {{order_ref}}");
		}
	}

	private boolean text(String part, String text, int max) {
		if (Values.blank(text)) {
			this.problems.add(ProblemCode.TEXT_MISSING, part, "a " + part + " needs text");
			return false;
		}
		if (text.length() > max) {
			this.problems.add(ProblemCode.TEXT_TOO_LONG, part,
					part + " has " + text.length() + " characters, at most " + max + " allowed");
		}
		return true;
	}

	private List<String> variables(String part, String text) {
		List<String> found = Placeholders.in(text);
		for (String variable : found) {
			if (!Placeholders.positional(variable) && !Placeholders.NAMED.matcher(variable).matches()) {
				this.problems.add(ProblemCode.VARIABLE_NAME_INVALID, part,
						"{{" + variable + "}} is neither a number nor lower-case letters, digits and _");
			}
		}
		this.variables.addAll(found);
		return found;
	}

	private static long wordsOutsideVariables(String text) {
		String rest = Placeholders.VARIABLE.matcher(text).replaceAll(" ");
		return java.util.Arrays.stream(rest.split("\\s+")).filter((word) -> WORD.matcher(word).find()).count();
	}

	/**
	 * Positional examples: {@code example.<positionalKey>} (the body's a list holding one
	 * list of values in order, the header's a list of values); named ones:
	 * {@code example.<namedKey>} = [{param_name, example}].
	 */
	private void examples(String part, List<String> found, Map<String, Object> example, String positionalKey,
			String namedKey, boolean nested) {
		Set<String> distinct = new LinkedHashSet<>(found);
		boolean namedVariables = distinct.stream().noneMatch(Placeholders::positional);
		List<String> values = new ArrayList<>();
		Set<String> names = new LinkedHashSet<>();
		if (example != null && !namedVariables) {
			List<?> list = Values.list(example.get(positionalKey));
			List<?> inner = (list != null && nested && !list.isEmpty()) ? Values.list(list.get(0)) : list;
			if (inner != null) {
				inner.forEach((value) -> values.add((value instanceof String text) ? text : null));
			}
		}
		if (example != null && namedVariables) {
			List<?> list = Values.list(example.get(namedKey));
			if (list != null) {
				for (Object item : list) {
					Map<String, Object> param = Values.map(item);
					names.add(Values.string(param, "param_name"));
					values.add(Values.string(param, "example"));
				}
			}
		}
		if (values.isEmpty()) {
			this.problems.add(ProblemCode.EXAMPLE_MISSING, part,
					"every variable needs an example (example." + (namedVariables ? namedKey : positionalKey) + ")");
			return;
		}
		if (namedVariables ? !names.equals(distinct) : values.size() != distinct.size()) {
			this.problems.add(ProblemCode.EXAMPLE_INVALID, part,
					"the examples must match the variables " + distinct + " one for one");
		}
		if (values.stream().anyMatch((value) -> Values.blank(value) || value.contains("\n"))) {
			this.problems.add(ProblemCode.EXAMPLE_INVALID, part,
					"example values must be non-blank text without line breaks");
		}
	}

}
