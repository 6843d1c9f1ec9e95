package dev.switchboard.messaging.inbox.agents;

/** Whether an agent takes conversations now, as the agent set it. */
enum Availability {

	ONLINE, AWAY

}
