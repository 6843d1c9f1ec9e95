package dev.switchboard.templates.rules;

/**
 * One broken rule.
 *
 * @param code what rule, stable
 * @param component where: {@code HEADER}, {@code BODY}, {@code FOOTER},
 * {@code BUTTONS[i]} (the template's button at index i), {@code components[i]} (a send
 * component that names no part), or for a new template {@code name}, {@code category},
 * {@code language}, {@code parameter_format}, {@code components}
 * @param detail what is wrong, in words
 */
public record TemplateProblem(ProblemCode code, String component, String detail) {

	@Override
	public String toString() {
		return this.component + ": " + this.code + " (" + this.detail + ")";
	}

}
