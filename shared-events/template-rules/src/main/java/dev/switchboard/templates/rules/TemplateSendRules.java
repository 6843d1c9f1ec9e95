package dev.switchboard.templates.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A send's template parameters against the template: validated, and the template rendered
 * with them. The send's components are those of the Cloud API's
 * {@code template.components}: {@code header} and {@code body} with {@code parameters},
 * {@code button} with {@code sub_type}, {@code index} and {@code parameters}.
 * <p>
 * Checked: the number of parameters per component, positional against named
 * ({@code parameter_name}), missing, unknown and repeated names, text lengths (header
 * parameters 60, body parameters 1,024, or 32,768 for a template that is only a body) and
 * whitespace Meta refuses, the media header's type against the header's format, location
 * headers, button indexes and sub types, parameters required by dynamic URL, copy-code
 * and one-time-password buttons, and the shape of currency and date_time parameters.
 * Components these rules do not know (carousels, limited-time offers) pass unchecked.
 */
public final class TemplateSendRules {

	/** Body text parameters when the template has other components. */
	static final int MAX_BODY_PARAMETER = 1024;

	/** Body text parameters when the template is only a body. */
	static final int MAX_BODY_ONLY_PARAMETER = 32768;

	private TemplateSendRules() {
	}

	/** Every rule the send's components break; empty when the send fits the template. */
	public static List<TemplateProblem> validate(TemplateDefinition template, List<?> sendComponents) {
		return render(template, sendComponents).problems();
	}

	/** The template filled in with the send's components, or every rule they break. */
	public static RenderResult render(TemplateDefinition template, List<?> sendComponents) {
		TemplateLayout layout = TemplateLayout.of(template);
		Problems problems = new Problems();
		Sent sent = Sent.sort(sendComponents, layout, problems);
		RenderedHeader header = new HeaderParameters(problems).fill(layout.header(), layout.named(), sent.header);
		int maxBody = layout.bodyOnly() ? MAX_BODY_ONLY_PARAMETER : MAX_BODY_PARAMETER;
		String body = layout.body();
		if (body != null) {
			body = new TextParameters("BODY", layout.named(), maxBody, true, problems).fill(layout.body(),
					(sent.body != null) ? Values.list(sent.body.get("parameters")) : null);
		}
		else if (sent.body != null) {
			problems.add(ProblemCode.COMPONENT_UNEXPECTED, "BODY", "the template has no body");
		}
		ButtonParameters buttonParameters = new ButtonParameters(problems);
		List<RenderedButton> buttons = new ArrayList<>();
		for (TemplateLayout.Button button : layout.buttons()) {
			buttons.add(buttonParameters.fill(button, sent.buttons.get(button.index())));
		}
		if (!problems.isEmpty()) {
			return new RenderResult(null, problems.list());
		}
		return new RenderResult(new RenderedTemplate(header, body, layout.footer(), buttons), List.of());
	}

	/** The send's components by the template part they fill. */
	private static final class Sent {

		private Map<String, Object> header;

		private Map<String, Object> body;

		private final Map<Integer, Map<String, Object>> buttons = new HashMap<>();

		static Sent sort(List<?> components, TemplateLayout layout, Problems problems) {
			Sent sent = new Sent();
			if (components == null) {
				return sent;
			}
			for (int i = 0; i < components.size(); i++) {
				String at = "components[" + i + "]";
				Map<String, Object> component = Values.map(components.get(i));
				String type = (component != null) ? Values.string(component, "type") : null;
				if (type == null) {
					problems.add(ProblemCode.COMPONENT_INVALID, at, "a component needs a type");
					continue;
				}
				switch (type.toLowerCase(Locale.ROOT)) {
					case "header" -> sent.header = once(sent.header, component, "HEADER", problems);
					case "body" -> sent.body = once(sent.body, component, "BODY", problems);
					case "button" -> sent.button(at, component, layout, problems);
					case "footer" ->
						problems.add(ProblemCode.COMPONENT_UNEXPECTED, "FOOTER", "a footer takes no parameters");
					default -> {
						// carousels, limited-time offers: not checked here
					}
				}
			}
			return sent;
		}

		private static Map<String, Object> once(Map<String, Object> earlier, Map<String, Object> component, String part,
				Problems problems) {
			if (earlier != null) {
				problems.add(ProblemCode.COMPONENT_DUPLICATE, part, "the send gives " + part + " twice");
				return earlier;
			}
			return component;
		}

		private void button(String at, Map<String, Object> component, TemplateLayout layout, Problems problems) {
			Integer index = Values.wholeNumber(component.get("index"));
			if (index == null || index < 0 || index >= layout.buttons().size()) {
				problems.add(ProblemCode.BUTTON_INDEX, at, "button index " + component.get("index")
						+ " is not one of the template's " + layout.buttons().size() + " button(s) (0-based)");
				return;
			}
			if (this.buttons.putIfAbsent(index, component) != null) {
				problems.add(ProblemCode.BUTTON_INDEX, ButtonParameters.part(index),
						"the send gives button index " + index + " twice");
			}
		}

	}

}
