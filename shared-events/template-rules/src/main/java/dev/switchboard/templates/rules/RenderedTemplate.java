package dev.switchboard.templates.rules;

import java.util.List;

/**
 * A template filled in with a send's parameters. Currency and date_time parameters read
 * as their {@code fallback_value}, which is what the Cloud API shows.
 *
 * @param header the header, null when the template has none
 * @param body the body text
 * @param footer the footer text, null when the template has none
 * @param buttons the buttons in template order
 */
public record RenderedTemplate(RenderedHeader header, String body, String footer, List<RenderedButton> buttons) {

	public RenderedTemplate {
		buttons = List.copyOf(buttons);
	}

}
