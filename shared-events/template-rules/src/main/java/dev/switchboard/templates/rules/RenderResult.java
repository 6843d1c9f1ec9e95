package dev.switchboard.templates.rules;

import java.util.List;

/**
 * The rendered template, or why the send's parameters do not fit it.
 *
 * @param rendered the template filled in; null when there are problems
 * @param problems every rule the parameters break; empty when rendered
 */
public record RenderResult(RenderedTemplate rendered, List<TemplateProblem> problems) {

	public RenderResult {
		problems = List.copyOf(problems);
	}

	public boolean valid() {
		return this.problems.isEmpty();
	}

}
