package dev.switchboard.messaging.inbox.agents;

/** How a queue hands its conversations to its members. */
enum QueueMode {

	ROUND_ROBIN, LEAST_LOADED, MANUAL

}
