package dev.switchboard.templates.rules;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Fills a text part (header or body) with a send's parameters: positional ones in order,
 * named ones by {@code parameter_name}.
 */
final class TextParameters {

	/**
	 * Meta refuses a text parameter holding a newline, a tab or more than four spaces in
	 * a row.
	 */
	private static final Pattern FORBIDDEN_WHITESPACE = Pattern.compile("[\\n\\r\\t]| {5,}");

	private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");

	private final String part;

	private final boolean named;

	private final int maxLength;

	private final boolean richTypes;

	private final Problems problems;

	/**
	 * @param richTypes whether currency and date_time parameters are allowed (body) or
	 * text only (header)
	 */
	TextParameters(String part, boolean named, int maxLength, boolean richTypes, Problems problems) {
		this.part = part;
		this.named = named;
		this.maxLength = maxLength;
		this.richTypes = richTypes;
		this.problems = problems;
	}

	/**
	 * The text with its variables filled in; variables without a usable parameter stay as
	 * they are.
	 */
	String fill(String text, List<?> parameters) {
		List<String> variables = TemplateLayout.distinct(Placeholders.in(text));
		List<?> given = (parameters != null) ? parameters : List.of();
		Map<String, String> values = this.named ? named(variables, given) : positional(variables, given);
		return Placeholders.substitute(text, values::get);
	}

	private Map<String, String> positional(List<String> variables, List<?> parameters) {
		Map<String, String> values = new HashMap<>();
		if (parameters.size() != variables.size()) {
			this.problems.add(ProblemCode.PARAMETER_COUNT, this.part,
					"the template has " + variables.size() + " variable(s), the send gives " + parameters.size());
		}
		for (int i = 0; i < parameters.size(); i++) {
			Map<String, Object> parameter = Values.map(parameters.get(i));
			if (parameter != null && parameter.get("parameter_name") != null) {
				this.problems.add(ProblemCode.PARAMETER_FORMAT, this.part,
						"parameter " + (i + 1) + " has a parameter_name but the template's parameters are positional");
			}
			String value = value(i, parameter);
			if (value != null) {
				values.put(Integer.toString(i + 1), value);
			}
		}
		return values;
	}

	private Map<String, String> named(List<String> variables, List<?> parameters) {
		Map<String, String> values = new HashMap<>();
		Set<String> seen = new LinkedHashSet<>();
		for (int i = 0; i < parameters.size(); i++) {
			Map<String, Object> parameter = Values.map(parameters.get(i));
			String name = Values.string(parameter, "parameter_name");
			if (Values.blank(name)) {
				this.problems.add(ProblemCode.PARAMETER_FORMAT, this.part,
						"parameter " + (i + 1) + " has no parameter_name but the template's parameters are named");
				continue;
			}
			if (!variables.contains(name)) {
				this.problems.add(ProblemCode.PARAMETER_UNKNOWN, this.part,
						"the template has no variable {{" + name + "}} in " + this.part);
				continue;
			}
			if (!seen.add(name)) {
				this.problems.add(ProblemCode.PARAMETER_DUPLICATE, this.part, "{{" + name + "}} is given twice");
				continue;
			}
			String value = value(i, parameter);
			if (value != null) {
				values.put(name, value);
			}
		}
		for (String variable : variables) {
			if (!seen.contains(variable)) {
				this.problems.add(ProblemCode.PARAMETER_MISSING, this.part,
						"no parameter for {{" + variable + "}} in " + this.part);
			}
		}
		return values;
	}

	private String value(int i, Map<String, Object> parameter) {
		String at = "parameter " + (i + 1);
		if (parameter == null) {
			this.problems.add(ProblemCode.PARAMETER_TYPE, this.part, at + " is not an object");
			return null;
		}
		String type = Values.string(parameter, "type");
		if ("text".equals(type)) {
			return text(at, parameter.get("text"));
		}
		if (this.richTypes && "currency".equals(type)) {
			return currency(at, Values.map(parameter.get("currency")));
		}
		if (this.richTypes && "date_time".equals(type)) {
			return dateTime(at, Values.map(parameter.get("date_time")));
		}
		this.problems.add(ProblemCode.PARAMETER_TYPE, this.part, at + " has type " + type + ", " + this.part + " takes "
				+ (this.richTypes ? "text, currency or date_time" : "text"));
		return null;
	}

	private String text(String at, Object value) {
		if (!(value instanceof String text) || text.isBlank()) {
			this.problems.add(ProblemCode.TEXT_INVALID, this.part, at + " needs a non-blank text");
			return null;
		}
		if (FORBIDDEN_WHITESPACE.matcher(text).find()) {
			this.problems.add(ProblemCode.TEXT_INVALID, this.part,
					at + " holds a newline, a tab or more than four spaces in a row");
		}
		if (text.length() > this.maxLength) {
			this.problems.add(ProblemCode.TEXT_TOO_LONG, this.part,
					at + " has " + text.length() + " characters, at most " + this.maxLength + " allowed");
		}
		return text;
	}

	private String currency(String at, Map<String, Object> currency) {
		String fallback = Values.string(currency, "fallback_value");
		String code = Values.string(currency, "code");
		Long amount = (currency != null) ? amount(currency.get("amount_1000")) : null;
		if (Values.blank(fallback) || code == null || !CURRENCY_CODE.matcher(code).matches() || amount == null
				|| amount < 0) {
			this.problems.add(ProblemCode.CURRENCY_INVALID, this.part,
					at + " needs currency.fallback_value, an ISO 4217 code and a whole amount_1000 of at least 0");
			return null;
		}
		return fallback;
	}

	/**
	 * A whole number given as a JSON number, not digits in a string: Meta reads an
	 * integer.
	 */
	private static Long amount(Object value) {
		if (!(value instanceof Number number)) {
			return null;
		}
		try {
			return new java.math.BigDecimal(number.toString()).longValueExact();
		}
		catch (ArithmeticException | NumberFormatException ex) {
			return null;
		}
	}

	private String dateTime(String at, Map<String, Object> dateTime) {
		String fallback = Values.string(dateTime, "fallback_value");
		if (Values.blank(fallback)) {
			this.problems.add(ProblemCode.DATE_TIME_INVALID, this.part, at + " needs date_time.fallback_value");
			return null;
		}
		return fallback;
	}

}
