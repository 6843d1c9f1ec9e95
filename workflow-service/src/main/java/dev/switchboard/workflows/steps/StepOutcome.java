package dev.switchboard.workflows.steps;

import java.time.Instant;
import java.util.Map;

/**
 * What executing a step attempt came to.
 *
 * @param kind go on, wait, or failed
 * @param next the step to run next, null to finish the run (not for a failure)
 * @param data the run's data after the step
 * @param wakeAt when the run goes on, for a wait
 * @param error why the attempt failed, for a failure
 * @param detail what the step did, for the run's history (e.g. the message id sent)
 */
public record StepOutcome(Kind kind, String next, Map<String, Object> data, Instant wakeAt, String error,
		Map<String, Object> detail) {

	public static StepOutcome proceed(String next, Map<String, Object> data, Map<String, Object> detail) {
		return new StepOutcome(Kind.PROCEED, next, data, null, null, detail);
	}

	public static StepOutcome waitUntil(String next, Map<String, Object> data, Instant wakeAt) {
		return new StepOutcome(Kind.WAIT, next, data, wakeAt, null, Map.of("until", wakeAt.toString()));
	}

	public static StepOutcome failed(String error) {
		return new StepOutcome(Kind.FAILED, null, null, null, error, null);
	}

	/** What happens after a step attempt. */
	public enum Kind {

		/** Go on with the next step now. */
		PROCEED,

		/** Go on with the next step at {@link StepOutcome#wakeAt()}. */
		WAIT,

		/** The attempt failed: retried after a backoff, or the run fails. */
		FAILED

	}

}
