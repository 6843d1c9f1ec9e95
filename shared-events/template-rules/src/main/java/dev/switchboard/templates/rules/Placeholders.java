package dev.switchboard.templates.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code {{…}}} variables in a template text. */
final class Placeholders {

	static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*\\}\\}");

	static final Pattern POSITIONAL = Pattern.compile("[0-9]+");

	static final Pattern NAMED = Pattern.compile("[a-z_][a-z0-9_]*");

	private Placeholders() {
	}

	/** The variables' contents in order of appearance, repeats included. */
	static List<String> in(String text) {
		List<String> names = new ArrayList<>();
		if (text == null) {
			return names;
		}
		Matcher matcher = VARIABLE.matcher(text);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	static boolean positional(String name) {
		return POSITIONAL.matcher(name).matches();
	}

	/**
	 * The text with each variable replaced by what {@code value} gives for its content.
	 */
	static String substitute(String text, Function<String, String> value) {
		if (text == null) {
			return null;
		}
		Matcher matcher = VARIABLE.matcher(text);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			String replacement = value.apply(matcher.group(1));
			matcher.appendReplacement(out,
					Matcher.quoteReplacement((replacement != null) ? replacement : matcher.group()));
		}
		matcher.appendTail(out);
		return out.toString();
	}

}
