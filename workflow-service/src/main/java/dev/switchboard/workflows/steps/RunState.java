package dev.switchboard.workflows.steps;

import java.util.Map;
import java.util.UUID;

/**
 * What a step sees of its run.
 *
 * @param runId the run
 * @param tenantId the run's tenant
 * @param data the run's data: {@code input}, {@code trigger} and {@code vars}
 * @param workflowId the run's workflow, null when not known
 */
public record RunState(UUID runId, String tenantId, Map<String, Object> data, UUID workflowId) {

	public RunState(UUID runId, String tenantId, Map<String, Object> data) {
		this(runId, tenantId, data, null);
	}

}
