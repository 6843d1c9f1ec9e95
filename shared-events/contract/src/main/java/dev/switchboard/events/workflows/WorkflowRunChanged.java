package dev.switchboard.events.workflows;

import java.time.Instant;

/**
 * A workflow run moved to a new status, or finished a step.
 *
 * @param runId platform run id
 * @param workflowId the workflow the run executes
 * @param version the workflow version the run executes (a run keeps the version it
 * started with)
 * @param status status after the change: {@code running}, {@code succeeded},
 * {@code failed}, {@code cancelled}
 * @param trigger what started the run: {@code manual}, {@code cron},
 * {@code inbound_message}, {@code order_status}, {@code message_failed},
 * {@code conversation_sla_breached}
 * @param stepId the step the change is about, null for a change of the run as a whole
 * @param error why the run or step failed, may be null
 * @param occurredAt when the change happened
 */
public record WorkflowRunChanged(String runId, String workflowId, int version, String status, String trigger,
		String stepId, String error, Instant occurredAt) {

}
