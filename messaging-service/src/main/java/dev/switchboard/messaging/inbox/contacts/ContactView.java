package dev.switchboard.messaging.inbox.contacts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A contact as the API shows it.
 *
 * @param id the contact's id
 * @param phone number in E.164, null when known only by its user id
 * @param waId the number's digits as WhatsApp names it, or null
 * @param userId business-scoped user id, or null
 * @param name WhatsApp profile name, or null
 * @param createdAt first seen
 * @param updatedAt last changed
 */
record ContactView(String id, String phone, String waId, String userId, String name, Instant createdAt,
		Instant updatedAt) {

	static ContactView of(Contact contact) {
		return new ContactView(contact.id().toString(), contact.phone(), contact.waId(), contact.userId(),
				contact.profileName(), contact.createdAt(), contact.updatedAt());
	}

	/** The id, or null when it is no UUID (answered like a missing contact). */
	static UUID parseId(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * A page of contacts.
	 *
	 * @param items the contacts, oldest first
	 * @param nextCursor the cursor of the next page, null on the last
	 */
	record Page(List<ContactView> items, String nextCursor) {
	}

}
