package dev.switchboard.templates.graph;

import java.time.Instant;
import java.util.List;

import dev.switchboard.templates.template.Template;

/**
 * One page of a WABA's template list.
 *
 * @param number 1 for the first page
 * @param templates the templates on it, as of {@code requestedAt}
 * @param next the next page's URL, null on the last page
 * @param requestedAt when the page was asked for (the state it shows is at least that
 * recent)
 */
public record TemplatePage(int number, List<Template> templates, String next, Instant requestedAt) {

	public TemplatePage {
		templates = List.copyOf(templates);
	}

}
