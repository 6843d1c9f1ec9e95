package dev.switchboard.workflows.definitions;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One version of a workflow as its document says, validated (see
 * {@link DefinitionValidator}). Immutable: a run keeps the version it started with.
 *
 * @param name the workflow's name
 * @param trigger what starts runs
 * @param steps the steps, in document order
 * @param document the document as stored
 */
public record Definition(String name, TriggerSpec trigger, List<StepSpec> steps, Map<String, Object> document) {

	/** The step id that finishes a run when named as a next step. */
	public static final String END = "end";

	public Definition {
		steps = List.copyOf(steps);
	}

	@SuppressWarnings("unchecked")
	static Definition of(Map<String, Object> document) {
		TriggerSpec trigger = new TriggerSpec((Map<String, Object>) document.get("trigger"));
		List<StepSpec> steps = ((List<Map<String, Object>>) document.get("steps")).stream().map(StepSpec::new).toList();
		return new Definition((String) document.get("name"), trigger, steps, document);
	}

	public StepSpec first() {
		return this.steps.get(0);
	}

	public Optional<StepSpec> step(String id) {
		return this.steps.stream().filter((step) -> step.id().equals(id)).findFirst();
	}

	/**
	 * The step after {@code step} when it names none: the next in the document; empty at
	 * the end.
	 */
	public Optional<String> following(StepSpec step) {
		if (step.next() != null) {
			return END.equals(step.next()) ? Optional.empty() : Optional.of(step.next());
		}
		int index = this.steps.indexOf(step);
		return (index + 1 < this.steps.size()) ? Optional.of(this.steps.get(index + 1).id()) : Optional.empty();
	}

}
