package dev.switchboard.messaging.inbox.stream;

import java.util.Set;
import java.util.UUID;

/**
 * Whose changes a stream carries: the tenant's, and for an agent (role AGENT) only the
 * conversations assigned to it or unassigned in one of its queues or in no queue (the
 * conversations it may act on), and the change that took one from it. Supervisors, admins
 * and integrations get all of the tenant's.
 *
 * @param tenantId the caller's tenant
 * @param agentId the restricted agent, or null for the whole tenant
 * @param queues the restricted agent's queues (read when the stream opens)
 */
record Audience(String tenantId, String agentId, Set<UUID> queues) {

	Audience {
		queues = Set.copyOf(queues);
	}

	/**
	 * Whether the change belongs on the stream: the conversation is the audience's after
	 * the change, or was before it (an agent learns that a conversation was taken from
	 * it).
	 */
	boolean sees(StreamedChange change) {
		if (!this.tenantId.equals(change.tenantId())) {
			return false;
		}
		if (this.agentId == null || mayActOn(change.assigneeId(), change.queueId())) {
			return true;
		}
		StreamedChange.Placement previous = change.previous();
		return previous != null && mayActOn(previous.assigneeId(), previous.queueId());
	}

	private boolean mayActOn(String assigneeId, UUID queueId) {
		if (assigneeId != null) {
			return this.agentId.equals(assigneeId);
		}
		return queueId == null || this.queues.contains(queueId);
	}

}
