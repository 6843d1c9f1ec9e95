package dev.switchboard.templates.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A template's components read into the parts a send fills in. */
record TemplateLayout(boolean named, Header header, String body, String footer, List<Button> buttons,
		boolean bodyOnly) {

	/** The header: its format (TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION, …) and text. */
	record Header(String format, String text) {

		boolean isText() {
			return "TEXT".equals(this.format);
		}

		List<String> variables() {
			return isText() ? Placeholders.in(this.text) : List.of();
		}

	}

	/**
	 * A button at its index: type (URL, QUICK_REPLY, …), label, URL and phone number
	 * where its type has them.
	 */
	record Button(int index, String type, String text, String url, String phoneNumber) {

		boolean dynamicUrl() {
			return "URL".equals(this.type) && !Placeholders.in(this.url).isEmpty();
		}

	}

	static TemplateLayout of(TemplateDefinition template) {
		Header header = null;
		String body = null;
		String footer = null;
		List<Button> buttons = new ArrayList<>();
		for (Map<String, Object> component : template.components()) {
			String type = Values.upper(component, "type");
			if (type == null) {
				continue;
			}
			switch (type) {
				case "HEADER" -> header = new Header(formatOf(component), Values.string(component, "text"));
				case "BODY" -> body = Values.string(component, "text");
				case "FOOTER" -> footer = Values.string(component, "text");
				case "BUTTONS" -> buttons.addAll(buttonsOf(component));
				default -> {
					// carousels, limited-time offers and the like: not checked
				}
			}
		}
		boolean named = named(template.parameterFormat(), header, body);
		boolean bodyOnly = header == null && footer == null && buttons.isEmpty();
		return new TemplateLayout(named, header, body, footer, List.copyOf(buttons), bodyOnly);
	}

	private static String formatOf(Map<String, Object> header) {
		String format = Values.upper(header, "format");
		return (format != null) ? format : "TEXT";
	}

	private static List<Button> buttonsOf(Map<String, Object> component) {
		List<Button> buttons = new ArrayList<>();
		List<?> list = Values.list(component.get("buttons"));
		if (list == null) {
			return buttons;
		}
		for (Object item : list) {
			Map<String, Object> button = Values.map(item);
			buttons.add(new Button(buttons.size(), (button != null) ? Values.upper(button, "type") : null,
					Values.string(button, "text"), Values.string(button, "url"),
					Values.string(button, "phone_number")));
		}
		return buttons;
	}

	private static boolean named(String parameterFormat, Header header, String body) {
		if (parameterFormat != null && !parameterFormat.isBlank()) {
			String format = parameterFormat.toUpperCase(java.util.Locale.ROOT);
			if (format.equals("NAMED") || format.equals("POSITIONAL")) {
				return format.equals("NAMED");
			}
		}
		List<String> variables = new ArrayList<>(Placeholders.in(body));
		if (header != null) {
			variables.addAll(header.variables());
		}
		return variables.stream().anyMatch((variable) -> !Placeholders.positional(variable));
	}

	/**
	 * Distinct variables of a text in the order a positional send gives them (1..n) or as
	 * named.
	 */
	static List<String> distinct(List<String> variables) {
		return variables.stream().distinct().toList();
	}

}
