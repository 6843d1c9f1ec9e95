package dev.switchboard.templates.rules;

import java.util.ArrayList;
import java.util.List;

/** The problems found so far, in the order found. */
final class Problems {

	private final List<TemplateProblem> found = new ArrayList<>();

	void add(ProblemCode code, String component, String detail) {
		this.found.add(new TemplateProblem(code, component, detail));
	}

	boolean isEmpty() {
		return this.found.isEmpty();
	}

	List<TemplateProblem> list() {
		return List.copyOf(this.found);
	}

}
