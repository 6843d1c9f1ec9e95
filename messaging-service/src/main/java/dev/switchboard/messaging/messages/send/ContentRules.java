package dev.switchboard.messaging.messages.send;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.switchboard.http.problem.ApiProblem.FieldProblem;

/**
 * WhatsApp's limits per message type, checked before anything is stored so that a message
 * Meta would refuse (code 100 or 131008) is refused here with the field named.
 */
final class ContentRules {

	/** Types this service sends. */
	static final Set<String> TYPES = Set.of("text", "template", "image", "document", "video", "audio", "interactive",
			"reaction");

	static final int MAX_TEXT = 4096;

	static final int MAX_CAPTION = 1024;

	static final int MAX_INTERACTIVE_BODY = 1024;

	static final int MAX_HEADER_OR_FOOTER = 60;

	static final int MAX_BUTTON_TITLE = 20;

	static final int MAX_BUTTON_ID = 256;

	static final int MAX_ROW_TITLE = 24;

	static final int MAX_ROW_DESCRIPTION = 72;

	static final int MAX_TEMPLATE_PARAMETER = 1024;

	private static final Set<String> COMPONENT_TYPES = Set.of("header", "body", "button", "footer", "carousel",
			"limited_time_offer");

	private ContentRules() {
	}

	/** Problems of a non-text type's object; empty when valid. */
	static void check(String type, Map<String, Object> object, List<FieldProblem> problems) {
		if (object == null) {
			problems.add(new FieldProblem(type, "must be given for type " + type));
			return;
		}
		switch (type) {
			case "template" -> template(object, problems);
			case "image", "video" -> media(type, object, true, problems);
			case "document" -> {
				media(type, object, true, problems);
				max(problems, type + ".filename", object.get("filename"), 240);
			}
			case "audio" -> media(type, object, false, problems);
			case "interactive" -> interactive(object, problems);
			case "reaction" -> reaction(object, problems);
			default -> problems.add(new FieldProblem("type", "must be one of " + TYPES));
		}
	}

	private static void template(Map<String, Object> template, List<FieldProblem> problems) {
		if (blank(template.get("name"))) {
			problems.add(new FieldProblem("template.name", "must not be blank"));
		}
		Object language = template.get("language");
		if (!(language instanceof Map<?, ?> lang) || blank(lang.get("code"))) {
			problems.add(new FieldProblem("template.language.code", "must not be blank"));
		}
		Object components = template.get("components");
		if (components == null) {
			return;
		}
		if (!(components instanceof List<?> list)) {
			problems.add(new FieldProblem("template.components", "must be a list"));
			return;
		}
		for (int i = 0; i < list.size(); i++) {
			String at = "template.components[" + i + "]";
			if (!(list.get(i) instanceof Map<?, ?> component)) {
				problems.add(new FieldProblem(at, "must be an object"));
				continue;
			}
			Object componentType = component.get("type");
			if (!(componentType instanceof String name) || !COMPONENT_TYPES.contains(name.toLowerCase())) {
				problems.add(new FieldProblem(at + ".type", "must be one of " + COMPONENT_TYPES));
				continue;
			}
			if ("button".equalsIgnoreCase(name)) {
				if (blank(component.get("sub_type"))) {
					problems.add(new FieldProblem(at + ".sub_type", "must not be blank for a button"));
				}
				if (component.get("index") == null) {
					problems.add(new FieldProblem(at + ".index", "must be given for a button"));
				}
			}
			parameters(at, component.get("parameters"), problems);
		}
	}

	private static void parameters(String at, Object parameters, List<FieldProblem> problems) {
		if (parameters == null) {
			return;
		}
		if (!(parameters instanceof List<?> list)) {
			problems.add(new FieldProblem(at + ".parameters", "must be a list"));
			return;
		}
		for (int i = 0; i < list.size(); i++) {
			String path = at + ".parameters[" + i + "]";
			if (!(list.get(i) instanceof Map<?, ?> parameter) || blank(parameter.get("type"))) {
				problems.add(new FieldProblem(path + ".type", "must not be blank"));
				continue;
			}
			String type = parameter.get("type").toString();
			if ("text".equals(type)) {
				Object text = parameter.get("text");
				if (text == null) {
					problems.add(new FieldProblem(path + ".text", "must be given for a text parameter"));
				}
				max(problems, path + ".text", text, MAX_TEMPLATE_PARAMETER);
				Object name = parameter.get("parameter_name");
				if (name != null && !(name instanceof String named && named.matches("[a-z0-9_]{1,64}"))) {
					problems.add(new FieldProblem(path + ".parameter_name", "must be lower-case letters, digits or _"));
				}
			}
			else if (Set.of("image", "video", "document").contains(type)) {
				Object media = parameter.get(type);
				if (!(media instanceof Map<?, ?> object) || (blank(object.get("id")) == blank(object.get("link")))) {
					problems.add(new FieldProblem(path + "." + type, "must have exactly one of id or link"));
				}
			}
		}
	}

	private static void media(String type, Map<String, Object> media, boolean captioned, List<FieldProblem> problems) {
		boolean hasId = !blank(media.get("id"));
		boolean hasLink = !blank(media.get("link"));
		if (hasId == hasLink) {
			problems.add(new FieldProblem(type, "must have exactly one of id or link"));
		}
		if (hasLink && !media.get("link").toString().matches("(?i)https?://\\S+")) {
			problems.add(new FieldProblem(type + ".link", "must be an http(s) URL"));
		}
		if (captioned) {
			max(problems, type + ".caption", media.get("caption"), MAX_CAPTION);
		}
		else if (media.containsKey("caption")) {
			problems.add(new FieldProblem(type + ".caption", "is not supported for " + type));
		}
	}

	private static void interactive(Map<String, Object> interactive, List<FieldProblem> problems) {
		Object type = interactive.get("type");
		Object body = interactive.get("body");
		if (!(body instanceof Map<?, ?> bodyObject) || blank(bodyObject.get("text"))) {
			problems.add(new FieldProblem("interactive.body.text", "must not be blank"));
		}
		else {
			max(problems, "interactive.body.text", bodyObject.get("text"), MAX_INTERACTIVE_BODY);
		}
		if (interactive.get("header") instanceof Map<?, ?> header) {
			max(problems, "interactive.header.text", header.get("text"), MAX_HEADER_OR_FOOTER);
		}
		if (interactive.get("footer") instanceof Map<?, ?> footer) {
			max(problems, "interactive.footer.text", footer.get("text"), MAX_HEADER_OR_FOOTER);
		}
		Object action = interactive.get("action");
		if (!(action instanceof Map<?, ?> actionObject)) {
			problems.add(new FieldProblem("interactive.action", "must be an object"));
			return;
		}
		if ("button".equals(type)) {
			buttons(actionObject.get("buttons"), problems);
		}
		else if ("list".equals(type)) {
			list(actionObject, problems);
		}
		else {
			problems.add(new FieldProblem("interactive.type", "must be button or list"));
		}
	}

	private static void buttons(Object buttons, List<FieldProblem> problems) {
		if (!(buttons instanceof List<?> list) || list.isEmpty() || list.size() > 3) {
			problems.add(new FieldProblem("interactive.action.buttons", "must hold 1 to 3 buttons"));
			return;
		}
		for (int i = 0; i < list.size(); i++) {
			String at = "interactive.action.buttons[" + i + "].reply";
			Object reply = (list.get(i) instanceof Map<?, ?> button) ? button.get("reply") : null;
			if (!(reply instanceof Map<?, ?> replyObject) || blank(replyObject.get("id"))
					|| blank(replyObject.get("title"))) {
				problems.add(new FieldProblem(at, "must have an id and a title"));
				continue;
			}
			max(problems, at + ".id", replyObject.get("id"), MAX_BUTTON_ID);
			max(problems, at + ".title", replyObject.get("title"), MAX_BUTTON_TITLE);
		}
	}

	private static void list(Map<?, ?> action, List<FieldProblem> problems) {
		if (blank(action.get("button"))) {
			problems.add(new FieldProblem("interactive.action.button", "must not be blank"));
		}
		max(problems, "interactive.action.button", action.get("button"), MAX_BUTTON_TITLE);
		if (!(action.get("sections") instanceof List<?> sections) || sections.isEmpty() || sections.size() > 10) {
			problems.add(new FieldProblem("interactive.action.sections", "must hold 1 to 10 sections"));
			return;
		}
		int rows = 0;
		for (int s = 0; s < sections.size(); s++) {
			Object sectionRows = (sections.get(s) instanceof Map<?, ?> section) ? section.get("rows") : null;
			if (!(sectionRows instanceof List<?> list) || list.isEmpty()) {
				problems.add(new FieldProblem("interactive.action.sections[" + s + "].rows", "must not be empty"));
				continue;
			}
			for (int r = 0; r < list.size(); r++) {
				rows++;
				String at = "interactive.action.sections[" + s + "].rows[" + r + "]";
				if (!(list.get(r) instanceof Map<?, ?> row) || blank(row.get("id")) || blank(row.get("title"))) {
					problems.add(new FieldProblem(at, "must have an id and a title"));
					continue;
				}
				max(problems, at + ".title", row.get("title"), MAX_ROW_TITLE);
				max(problems, at + ".description", row.get("description"), MAX_ROW_DESCRIPTION);
				max(problems, at + ".id", row.get("id"), 200);
			}
		}
		if (rows > 10) {
			problems.add(new FieldProblem("interactive.action.sections", "must hold at most 10 rows in all"));
		}
	}

	private static void reaction(Map<String, Object> reaction, List<FieldProblem> problems) {
		if (blank(reaction.get("message_id"))) {
			problems.add(new FieldProblem("reaction.message_id", "must not be blank"));
		}
		Object emoji = reaction.get("emoji");
		// An empty emoji removes the reaction.
		if (emoji != null && !(emoji instanceof String)) {
			problems.add(new FieldProblem("reaction.emoji", "must be a string"));
		}
		else if (emoji != null && ((String) emoji).codePointCount(0, ((String) emoji).length()) > 10) {
			problems.add(new FieldProblem("reaction.emoji", "must be a single emoji"));
		}
	}

	private static void max(List<FieldProblem> problems, String field, Object value, int max) {
		if (value instanceof String text && length(text) > max) {
			problems.add(new FieldProblem(field, "must be at most " + max + " characters"));
		}
	}

	private static boolean blank(Object value) {
		return value == null || value.toString().isBlank();
	}

	private static int length(String text) {
		return text.codePointCount(0, text.length());
	}

}
