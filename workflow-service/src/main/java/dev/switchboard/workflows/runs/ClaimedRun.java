package dev.switchboard.workflows.runs;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A run the executor claimed: its state as of the claim.
 *
 * @param id the run
 * @param tenantId its tenant
 * @param workflowId its workflow
 * @param version the workflow version it executes
 * @param trigger what started it
 * @param stepId the step due
 * @param attempt failed attempts of that step so far
 * @param data the run's data
 * @param claim the claim's token: every write checks it
 * @param createdAt when the run started
 */
record ClaimedRun(UUID id, String tenantId, UUID workflowId, int version, String trigger, String stepId, int attempt,
		Map<String, Object> data, UUID claim, Instant createdAt) {

	ClaimedRun next(String nextStep, Map<String, Object> nextData) {
		return new ClaimedRun(this.id, this.tenantId, this.workflowId, this.version, this.trigger, nextStep, 0,
				nextData, this.claim, this.createdAt);
	}

}
