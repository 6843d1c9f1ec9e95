package dev.switchboard.templates.rules;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A new template's BUTTONS: how many of each type, labels, URLs, examples and their
 * order.
 */
final class ButtonRules {

	static final int MAX_BUTTONS = 10;

	static final int MAX_LABEL = 25;

	static final int MAX_URL = 2000;

	/** Per-type limits; other known types are limited by the total only. */
	private static final Map<String, Integer> LIMITS = Map.of("QUICK_REPLY", 10, "URL", 2, "PHONE_NUMBER", 1,
			"COPY_CODE", 1);

	private static final Set<String> TYPES = Set.of("QUICK_REPLY", "URL", "PHONE_NUMBER", "COPY_CODE", "OTP", "FLOW",
			"CATALOG", "MPM", "SPM", "VOICE_CALL");

	private static final Set<String> LABELLED = Set.of("QUICK_REPLY", "URL", "PHONE_NUMBER");

	private static final Pattern URL_VARIABLE_AT_END = Pattern.compile("[^{}]*\\{\\{1\\}\\}");

	private final Problems problems;

	ButtonRules(Problems problems) {
		this.problems = problems;
	}

	void check(Map<String, Object> component) {
		List<?> buttons = Values.list(component.get("buttons"));
		if (buttons == null || buttons.isEmpty()) {
			this.problems.add(ProblemCode.BUTTON_INVALID, "BUTTONS", "BUTTONS needs a list of buttons");
			return;
		}
		if (buttons.size() > MAX_BUTTONS) {
			this.problems.add(ProblemCode.BUTTON_LIMIT, "BUTTONS",
					buttons.size() + " buttons, at most " + MAX_BUTTONS + " allowed");
		}
		Map<String, Integer> counts = new HashMap<>();
		int quickReplyRuns = 0;
		boolean previousQuickReply = false;
		for (int i = 0; i < buttons.size(); i++) {
			Map<String, Object> button = Values.map(buttons.get(i));
			String type = Values.upper(button, "type");
			String part = ButtonParameters.part(i);
			if (type == null || !TYPES.contains(type)) {
				this.problems.add(ProblemCode.BUTTON_INVALID, part, "a button's type is one of " + TYPES);
				previousQuickReply = false;
				continue;
			}
			counts.merge(type, 1, Integer::sum);
			boolean quickReply = "QUICK_REPLY".equals(type);
			if (quickReply && !previousQuickReply) {
				quickReplyRuns++;
			}
			previousQuickReply = quickReply;
			button(part, type, button);
		}
		boolean groupedAtAnEnd = quickReplyRuns <= 1
				&& (quickReplyRuns == 0 || quickReplyAt(buttons, 0) || quickReplyAt(buttons, buttons.size() - 1));
		if (!groupedAtAnEnd) {
			this.problems.add(ProblemCode.BUTTONS_NOT_GROUPED, "BUTTONS",
					"quick replies sit together, before or after the other buttons");
		}
		LIMITS.forEach((type, limit) -> {
			int count = counts.getOrDefault(type, 0);
			if (count > limit) {
				this.problems.add(ProblemCode.BUTTON_LIMIT, "BUTTONS",
						count + " " + type + " buttons, at most " + limit + " allowed");
			}
		});
	}

	private static boolean quickReplyAt(List<?> buttons, int index) {
		return "QUICK_REPLY".equals(Values.upper(Values.map(buttons.get(index)), "type"));
	}

	private void button(String part, String type, Map<String, Object> button) {
		String text = Values.string(button, "text");
		if (LABELLED.contains(type) && Values.blank(text)) {
			this.problems.add(ProblemCode.TEXT_MISSING, part, "a " + type + " button needs a label (text)");
		}
		if (text != null && text.length() > MAX_LABEL) {
			this.problems.add(ProblemCode.TEXT_TOO_LONG, part,
					"the label has " + text.length() + " characters, at most " + MAX_LABEL + " allowed");
		}
		if (!Placeholders.in(text).isEmpty()) {
			this.problems.add(ProblemCode.VARIABLE_NOT_ALLOWED, part, "a button label has no variables");
		}
		switch (type) {
			case "URL" -> url(part, button);
			case "PHONE_NUMBER" -> {
				if (Values.blank(Values.string(button, "phone_number"))) {
					this.problems.add(ProblemCode.BUTTON_INVALID, part, "a PHONE_NUMBER button needs phone_number");
				}
			}
			case "COPY_CODE" -> copyCode(part, button);
			default -> {
				// other types: the total limit only
			}
		}
	}

	private void url(String part, Map<String, Object> button) {
		String url = Values.string(button, "url");
		if (Values.blank(url)) {
			this.problems.add(ProblemCode.BUTTON_INVALID, part, "a URL button needs url");
			return;
		}
		if (url.length() > MAX_URL) {
			this.problems.add(ProblemCode.TEXT_TOO_LONG, part,
					"the URL has " + url.length() + " characters, at most " + MAX_URL + " allowed");
		}
		List<String> variables = Placeholders.in(url);
		if (variables.isEmpty()) {
			return;
		}
		if (variables.size() > 1) {
			this.problems.add(ProblemCode.TOO_MANY_VARIABLES, part, "a URL has at most one variable");
		}
		else if (!URL_VARIABLE_AT_END.matcher(url).matches()) {
			this.problems.add(ProblemCode.VARIABLE_AT_EDGE, part, "a URL's variable is {{1}} at its very end");
		}
		List<?> example = Values.list(button.get("example"));
		if (example == null || example.isEmpty() || !(example.get(0) instanceof String sample) || sample.isBlank()) {
			this.problems.add(ProblemCode.EXAMPLE_MISSING, part, "a URL with a variable needs an example URL");
		}
	}

	private void copyCode(String part, Map<String, Object> button) {
		Object example = button.get("example");
		if (example instanceof List<?> list && !list.isEmpty()) {
			example = list.get(0);
		}
		if (!(example instanceof String code) || code.isBlank()) {
			this.problems.add(ProblemCode.EXAMPLE_MISSING, part, "a COPY_CODE button needs an example code");
		}
		else if (code.length() > ButtonParameters.MAX_COUPON_CODE) {
			this.problems.add(ProblemCode.EXAMPLE_INVALID, part, "the example code has " + code.length()
					+ " characters, at most " + ButtonParameters.MAX_COUPON_CODE + " allowed");
		}
	}

}
