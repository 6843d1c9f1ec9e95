package dev.switchboard.messaging.inbox.agents;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tenant user of the inbox, as the API shows it.
 *
 * @param id the agent id (what keys are bound to and conversations assigned to)
 * @param name the display name
 * @param email the e-mail address, if given
 * @param role what the agent may do
 * @param queues the queues the agent is a member of
 * @param capacity how many open conversations the agent takes at most
 * @param availability whether the agent takes conversations now
 * @param active whether the agent may act at all
 * @param createdAt when the agent was created
 * @param updatedAt when the agent last changed
 * @param version grows with every change
 */
record Agent(UUID id, String name, String email, AgentRole role, List<UUID> queues, int capacity,
		Availability availability, boolean active, Instant createdAt, Instant updatedAt, long version) {

	/** The agents of one page. */
	record Page(List<Agent> items) {
	}

}
