package dev.switchboard.messaging.inbox.stream;

import java.util.UUID;

/**
 * One conversation change as the change log holds it.
 *
 * @param at its place in the log
 * @param tenantId the conversation's tenant
 * @param assigneeId the agent it is assigned to after the change, may be null
 * @param queueId the queue it waits in after the change, may be null
 * @param previous where it was before the change, null when unknown (its first change
 * within the retention)
 * @param payload the {@code ConversationChanged} event's data as JSON
 */
record StreamedChange(StreamPosition at, String tenantId, String assigneeId, UUID queueId, Placement previous,
		String payload) {

	/**
	 * Whom a conversation belonged to.
	 *
	 * @param assigneeId the agent it was assigned to, may be null
	 * @param queueId the queue it waited in, may be null
	 */
	record Placement(String assigneeId, UUID queueId) {
	}

}
