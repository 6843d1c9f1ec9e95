package dev.switchboard.messaging.inbox.agents;

/**
 * What an agent may do, least to most: an agent acts on its own conversations and the
 * unassigned ones of its queues; a supervisor on all of the tenant's; an admin also
 * manages agents and queues.
 */
public enum AgentRole {

	AGENT, SUPERVISOR, ADMIN;

	/** The lower of two roles: a key never grants more than its agent has. */
	static AgentRole lower(AgentRole a, AgentRole b) {
		return (a.ordinal() <= b.ordinal()) ? a : b;
	}

}
