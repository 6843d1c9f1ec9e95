package dev.switchboard.messaging.inbox.stream;

import java.util.UUID;

/**
 * One conversation change as the change log holds it.
 *
 * @param at its place in the log
 * @param tenantId the conversation's tenant
 * @param assigneeId the agent it is assigned to after the change, may be null
 * @param queueId the queue it waits in after the change, may be null
 * @param payload the {@code ConversationChanged} event's data as JSON
 */
record StreamedChange(StreamPosition at, String tenantId, String assigneeId, UUID queueId, String payload) {
}
