package dev.switchboard.workflows.steps;

import java.util.Map;
import java.util.UUID;

/**
 * What a step sees of its run.
 *
 * @param runId the run
 * @param tenantId the run's tenant
 * @param data the run's data: {@code input}, {@code trigger} and {@code vars}
 */
public record RunState(UUID runId, String tenantId, Map<String, Object> data) {

}
