package dev.switchboard.messaging.messages.send;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.switchboard.events.messaging.SendMessageCommand;

/** The Graph API object of a command's type; a text command may carry only its text. */
final class ContentOfCommand {

	private ContentOfCommand() {
	}

	static Map<String, Object> content(SendMessageCommand command) {
		if (command.content() != null) {
			return command.content();
		}
		Map<String, Object> text = new LinkedHashMap<>();
		text.put("preview_url", false);
		text.put("body", (command.text() != null) ? command.text() : "");
		return text;
	}

}
