package dev.switchboard.simulators;

import java.time.Instant;
import java.util.List;

/**
 * Content sent to a contact through CBB's {@code send_content}.
 *
 * @param contactId contact the content went to
 * @param body request body as received (JSON text)
 * @param messageId id CBB answered with ({@code cbb-<n>})
 * @param wamids ids of the WhatsApp messages the simulator reported statuses for (one per
 * Cloud API message object in {@code messages[]}), empty when status reporting is off
 * @param time when it was accepted
 */
public record CbbContent(String contactId, String body, String messageId, List<String> wamids, Instant time) {

	public CbbContent {
		wamids = List.copyOf(wamids);
	}

}
