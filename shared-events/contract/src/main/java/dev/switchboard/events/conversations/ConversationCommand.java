package dev.switchboard.events.conversations;

import java.util.List;

/**
 * Asks messaging-service to change a support conversation as an agent would: the change
 * gets its timeline activity and its {@link ConversationChanged} event, with the
 * command's actor. The envelope's tenant owns the conversation; the envelope id is the
 * command id, which the consumer records so that a command delivered again changes
 * nothing.
 *
 * @param commandId the command's id, the same as the envelope's (stable across retries of
 * whatever issued it)
 * @param conversationId the conversation to change
 * @param action {@code TAG} (add and remove catalogue tags), {@code ASSIGN} (to an
 * agent), {@code QUEUE} (into a queue, unassigned) or {@code UNASSIGN}
 * @param addTags tag names to add ({@code TAG}), empty otherwise
 * @param removeTags tag names to remove ({@code TAG}), empty otherwise
 * @param agentId the agent to assign to ({@code ASSIGN}), null otherwise
 * @param queueId the queue to move to ({@code QUEUE}), null otherwise
 * @param actor who asks, for the audit trail: e.g. {@code workflow:<workflow id>}
 */
public record ConversationCommand(String commandId, String conversationId, String action, List<String> addTags,
		List<String> removeTags, String agentId, String queueId, String actor) {

	public static final String TAG = "TAG";

	public static final String ASSIGN = "ASSIGN";

	public static final String QUEUE = "QUEUE";

	public static final String UNASSIGN = "UNASSIGN";

	public ConversationCommand {
		addTags = (addTags != null) ? List.copyOf(addTags) : List.of();
		removeTags = (removeTags != null) ? List.copyOf(removeTags) : List.of();
	}

}
