package dev.switchboard.templates.rules;

import java.util.List;
import java.util.Map;

/** Fills a template's buttons with the send's button components, matched by index. */
final class ButtonParameters {

	/** Meta's limit on a copy-code button's coupon code. */
	static final int MAX_COUPON_CODE = 15;

	/** The send sub type each template button type takes; static buttons take none. */
	private static final Map<String, String> SUB_TYPES = Map.of("URL", "url", "QUICK_REPLY", "quick_reply", "COPY_CODE",
			"copy_code", "OTP", "url", "FLOW", "flow", "CATALOG", "catalog", "MPM", "mpm", "SPM", "spm");

	private final Problems problems;

	ButtonParameters(Problems problems) {
		this.problems = problems;
	}

	static String part(int index) {
		return "BUTTONS[" + index + "]";
	}

	RenderedButton fill(TemplateLayout.Button button, Map<String, Object> sent) {
		String part = part(button.index());
		String expected = SUB_TYPES.get(button.type());
		boolean takesParameter = expected != null && (!"URL".equals(button.type()) || button.dynamicUrl());
		boolean required = "COPY_CODE".equals(button.type()) || "OTP".equals(button.type()) || button.dynamicUrl();
		String fixedValue = "PHONE_NUMBER".equals(button.type()) ? button.phoneNumber() : button.url();
		if (sent == null) {
			if (required) {
				this.problems.add(ProblemCode.PARAMETER_MISSING, part, "the template's " + button.type()
						+ " button at index " + button.index() + " needs a parameter");
			}
			return new RenderedButton(button.index(), button.type(), button.text(), fixedValue);
		}
		if (button.type() == null || (expected == null && !"PHONE_NUMBER".equals(button.type()))) {
			// a button type these rules do not know: passed on unchecked
			return new RenderedButton(button.index(), button.type(), button.text(), fixedValue);
		}
		if (!takesParameter) {
			this.problems.add(ProblemCode.COMPONENT_UNEXPECTED, part,
					"the template's " + button.type() + " button at index " + button.index() + " takes no parameter");
			return new RenderedButton(button.index(), button.type(), button.text(), fixedValue);
		}
		String subType = Values.string(sent, "sub_type");
		if (!expected.equalsIgnoreCase(String.valueOf(subType))) {
			this.problems.add(ProblemCode.BUTTON_SUB_TYPE, part, "the template's button at index " + button.index()
					+ " is " + button.type() + " (sub_type " + expected + "), the send gives " + subType);
			return new RenderedButton(button.index(), button.type(), button.text(), fixedValue);
		}
		Map<String, Object> parameter = single(part, Values.list(sent.get("parameters")), required);
		String value = (parameter != null) ? value(part, expected, parameter) : null;
		if ("URL".equals(button.type())) {
			String suffix = value;
			value = (suffix != null) ? Placeholders.substitute(button.url(), (variable) -> suffix) : button.url();
		}
		return new RenderedButton(button.index(), button.type(), button.text(), value);
	}

	private Map<String, Object> single(String part, List<?> parameters, boolean required) {
		int count = (parameters != null) ? parameters.size() : 0;
		if (count != 1) {
			if (count > 1 || required) {
				this.problems.add(ProblemCode.PARAMETER_COUNT, part,
						"the button takes 1 parameter, the send gives " + count);
			}
			return (count > 0) ? Values.map(parameters.get(0)) : null;
		}
		Map<String, Object> parameter = Values.map(parameters.get(0));
		if (parameter == null) {
			this.problems.add(ProblemCode.PARAMETER_TYPE, part, "parameter 1 is not an object");
		}
		return parameter;
	}

	private String value(String part, String subType, Map<String, Object> parameter) {
		String type = Values.string(parameter, "type");
		return switch (subType) {
			case "url" -> text(part, type, "text", parameter, Integer.MAX_VALUE);
			case "quick_reply" -> text(part, type, "payload", parameter, Integer.MAX_VALUE);
			case "copy_code" -> text(part, type, "coupon_code", parameter, MAX_COUPON_CODE);
			default -> {
				if (!"action".equals(type) || Values.map(parameter.get("action")) == null) {
					this.problems.add(ProblemCode.PARAMETER_TYPE, part,
							"a " + subType + " button takes an action parameter with an action object");
				}
				yield null;
			}
		};
	}

	private String text(String part, String type, String expectedType, Map<String, Object> parameter, int max) {
		if (!expectedType.equals(type)) {
			this.problems.add(ProblemCode.PARAMETER_TYPE, part,
					"this button takes a " + expectedType + " parameter, the send gives " + type);
			return null;
		}
		String value = Values.string(parameter, expectedType);
		if (Values.blank(value)) {
			this.problems.add(ProblemCode.TEXT_INVALID, part, expectedType + " must not be blank");
			return null;
		}
		if (value.length() > max) {
			this.problems.add(ProblemCode.TEXT_TOO_LONG, part,
					expectedType + " has " + value.length() + " characters, at most " + max + " allowed");
		}
		return value;
	}

}
