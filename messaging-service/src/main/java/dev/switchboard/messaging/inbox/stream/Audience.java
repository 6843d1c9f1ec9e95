package dev.switchboard.messaging.inbox.stream;

import java.util.Set;
import java.util.UUID;

/**
 * Whose changes a stream carries: the tenant's, and for an agent (role AGENT) only the
 * conversations assigned to it or unassigned in one of its queues or in no queue (the
 * conversations it may act on). Supervisors, admins and integrations get all of the
 * tenant's.
 *
 * @param tenantId the caller's tenant
 * @param agentId the restricted agent, or null for the whole tenant
 * @param queues the restricted agent's queues (read when the stream opens)
 */
record Audience(String tenantId, String agentId, Set<UUID> queues) {

	Audience {
		queues = Set.copyOf(queues);
	}

	boolean sees(StreamedChange change) {
		if (!this.tenantId.equals(change.tenantId())) {
			return false;
		}
		if (this.agentId == null || this.agentId.equals(change.assigneeId())) {
			return true;
		}
		return change.assigneeId() == null && (change.queueId() == null || this.queues.contains(change.queueId()));
	}

}
