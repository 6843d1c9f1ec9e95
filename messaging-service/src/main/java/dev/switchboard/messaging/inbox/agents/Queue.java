package dev.switchboard.messaging.inbox.agents;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A queue of the tenant's conversations and the agents who take them.
 *
 * @param id the queue id
 * @param name the name, unique in the tenant (any case)
 * @param mode how conversations are handed to members
 * @param members the member agents
 * @param businessHours the queue's calendar, stored as given
 * @param slaPolicy the queue's SLA targets, stored as given
 * @param active whether the queue takes conversations
 * @param phoneNumberIds the business numbers (Meta phone_number_ids) whose new
 * conversations open in this queue
 * @param defaultQueue whether new conversations of the numbers no queue claims open here
 * @param createdAt when the queue was created
 * @param updatedAt when the queue last changed
 * @param version grows with every change
 */
record Queue(UUID id, String name, QueueMode mode, List<UUID> members, Object businessHours, Object slaPolicy,
		boolean active, List<String> phoneNumberIds, @JsonProperty("default") boolean defaultQueue, Instant createdAt,
		Instant updatedAt, long version) {

	/** The queues of one page. */
	record Page(List<Queue> items) {
	}

}
