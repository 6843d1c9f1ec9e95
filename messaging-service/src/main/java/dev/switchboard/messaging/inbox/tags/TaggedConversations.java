package dev.switchboard.messaging.inbox.tags;

import reactor.core.publisher.Mono;

/**
 * The conversations carrying a catalogue tag, told when it is renamed or deleted (in the
 * transaction of that change, after the tag's row was locked).
 */
public interface TaggedConversations {

	/**
	 * Every conversation of the tenant carrying the tag (any case) carries the
	 * replacement instead, or loses the tag when the replacement is null.
	 * @param actorId who changed the catalogue, for the conversations' audit trail
	 */
	Mono<Void> retag(String tenantId, String name, String replacement, String actorId);

}
