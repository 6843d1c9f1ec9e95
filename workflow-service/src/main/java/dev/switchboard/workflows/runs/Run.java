package dev.switchboard.workflows.runs;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A run as the API shows it.
 *
 * @param id the run's id
 * @param workflowId the workflow it executes
 * @param version the workflow version it executes
 * @param trigger what started it
 * @param status running, succeeded, failed or cancelled
 * @param nextStep the step that runs next, while running
 * @param nextAt when that step is due, while running
 * @param data the run's data: {@code input}, {@code trigger}, {@code vars}
 * @param error why it failed
 * @param createdAt when it started
 * @param finishedAt when it ended
 * @param steps every step attempt, oldest first (only for one run)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Run(UUID id, UUID workflowId, int version, String trigger, String status, String nextStep, Instant nextAt,
		Map<String, Object> data, String error, Instant createdAt, Instant finishedAt, List<StepAttempt> steps) {

	Run withSteps(List<StepAttempt> attempts) {
		return new Run(this.id, this.workflowId, this.version, this.trigger, this.status, this.nextStep, this.nextAt,
				this.data, this.error, this.createdAt, this.finishedAt, attempts);
	}

	/**
	 * One attempt of one step.
	 *
	 * @param stepId the step
	 * @param attempt 1 for the first
	 * @param type the step's type
	 * @param outcome succeeded, waiting or failed
	 * @param detail what the step did (a message id, the branch taken, the wait's end)
	 * @param error why it failed
	 * @param startedAt when the attempt started
	 * @param finishedAt when it ended
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record StepAttempt(String stepId, int attempt, String type, String outcome, Map<String, Object> detail,
			String error, Instant startedAt, Instant finishedAt) {
	}

	/**
	 * A page of runs.
	 *
	 * @param items newest first
	 */
	record Page(List<Run> items) {
	}

}
