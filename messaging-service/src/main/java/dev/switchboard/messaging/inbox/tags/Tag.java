package dev.switchboard.messaging.inbox.tags;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tag of the tenant's catalogue: the tags conversations may carry.
 *
 * @param id the tag id
 * @param name the name, unique in the tenant whatever its case; conversations carry it in
 * this spelling
 * @param description what the tag is for, may be null
 * @param color a colour for the front end, {@code #rrggbb}, may be null
 * @param createdAt when the tag was created
 * @param updatedAt when the tag last changed
 * @param version grows with every change
 */
record Tag(UUID id, String name, String description, String color, Instant createdAt, Instant updatedAt, long version) {

	/** The tenant's tags, by name. */
	record Page(List<Tag> items) {
	}

}
