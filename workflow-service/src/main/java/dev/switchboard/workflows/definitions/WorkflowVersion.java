package dev.switchboard.workflows.definitions;

import java.util.UUID;

/**
 * One immutable version of a workflow.
 *
 * @param workflowId the workflow
 * @param tenantId its tenant
 * @param version the version number
 * @param definition the version's definition
 */
public record WorkflowVersion(UUID workflowId, String tenantId, int version, Definition definition) {

}
