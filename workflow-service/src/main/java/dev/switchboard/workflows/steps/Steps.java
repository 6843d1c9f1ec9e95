package dev.switchboard.workflows.steps;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.switchboard.workflows.definitions.Definition;
import dev.switchboard.workflows.definitions.StepSpec;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Executes one attempt of a step. Call inside the transaction that records the attempt: a
 * send appends its command to the outbox there, so the command exists exactly when the
 * attempt is recorded as done.
 */
@Component
public class Steps {

	private final MessageSends sends;

	private final HttpCalls calls;

	private final ConversationCommands conversations;

	Steps(MessageSends sends, HttpCalls calls, ConversationCommands conversations) {
		this.sends = sends;
		this.calls = calls;
		this.conversations = conversations;
	}

	public Mono<StepOutcome> execute(Definition definition, StepSpec step, RunState run, Instant now) {
		return Mono.defer(() -> switch (step.type()) {
			case "set" -> Mono.just(set(definition, step, run));
			case "branch" -> Mono.just(branch(definition, step, run));
			case "wait" -> Mono.just(waitStep(definition, step, run, now));
			case "send_message", "send_template" -> this.sends.send(step, run)
				.map((detail) -> StepOutcome.proceed(next(definition, step), run.data(), detail));
			case "http_call" -> this.calls.call(step, run)
				.map((answer) -> StepOutcome.proceed(next(definition, step), saved(run, step.text("saveAs"), answer),
						Map.of("status", answer.get("status"))));
			case "tag", "assign" -> this.conversations.issue(step, run)
				.map((detail) -> StepOutcome.proceed(next(definition, step), run.data(), detail));
			default -> Mono.just(StepOutcome.failed("Unknown step type " + step.type()));
		}).onErrorResume(StepFailure.class, (failure) -> Mono.just(StepOutcome.failed(failure.getMessage())));
	}

	@SuppressWarnings("unchecked")
	private static StepOutcome set(Definition definition, StepSpec step, RunState run) {
		Map<String, Object> data = new LinkedHashMap<>(run.data());
		Map<String, Object> vars = new LinkedHashMap<>((Map<String, Object>) data.getOrDefault("vars", Map.of()));
		Map<String, Object> values = (Map<String, Object>) step.value("values");
		values.forEach((name, value) -> vars.put(name, RunData.renderValue(value, run.data())));
		data.put("vars", vars);
		return StepOutcome.proceed(next(definition, step), data, Map.of("set", List.copyOf(values.keySet())));
	}

	@SuppressWarnings("unchecked")
	private static StepOutcome branch(Definition definition, StepSpec step, RunState run) {
		List<Map<String, Object>> conditions = (List<Map<String, Object>>) step.value("conditions");
		for (int i = 0; i < conditions.size(); i++) {
			Map<String, Object> condition = conditions.get(i);
			if (Conditions.holds(run.data(), (String) condition.get("path"), (String) condition.get("op"),
					condition.get("value"))) {
				String target = (String) condition.get("goto");
				return StepOutcome.proceed(Definition.END.equals(target) ? null : target, run.data(),
						Map.of("matched", i));
			}
		}
		String otherwise = step.text("otherwise");
		String next = (otherwise != null) ? (Definition.END.equals(otherwise) ? null : otherwise)
				: next(definition, step);
		return StepOutcome.proceed(next, run.data(), Map.of("matched", "otherwise"));
	}

	private static StepOutcome waitStep(Definition definition, StepSpec step, RunState run, Instant now) {
		Instant wakeAt;
		if (step.text("duration") != null) {
			wakeAt = now.plus(Duration.parse(step.text("duration")));
		}
		else {
			String until = RunData.render(step.text("until"), run.data());
			try {
				wakeAt = Instant.parse(until);
			}
			catch (DateTimeException ex) {
				throw new StepFailure("'until' is not an instant: " + until);
			}
		}
		return StepOutcome.waitUntil(next(definition, step), run.data(), wakeAt);
	}

	/** The run's data with the answer of a call under {@code vars.<saveAs>}, if asked. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> saved(RunState run, String saveAs, Map<String, Object> answer) {
		if (saveAs == null) {
			return run.data();
		}
		Map<String, Object> data = new LinkedHashMap<>(run.data());
		Map<String, Object> vars = new LinkedHashMap<>((Map<String, Object>) data.getOrDefault("vars", Map.of()));
		vars.put(saveAs, answer);
		data.put("vars", vars);
		return data;
	}

	private static String next(Definition definition, StepSpec step) {
		return definition.following(step).orElse(null);
	}

}
