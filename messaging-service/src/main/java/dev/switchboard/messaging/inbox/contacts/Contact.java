package dev.switchboard.messaging.inbox.contacts;

import java.time.Instant;
import java.util.UUID;

/**
 * A person who wrote to one of the tenant's numbers.
 *
 * @param id the contact's id
 * @param tenantId owning tenant
 * @param phone number in E.164, null for a contact known only by its business-scoped user
 * id
 * @param userId business-scoped user id (BSUID), may be null
 * @param profileName WhatsApp profile name as last seen, may be null
 * @param createdAt first seen
 * @param updatedAt last changed
 */
public record Contact(UUID id, String tenantId, String phone, String userId, String profileName, Instant createdAt,
		Instant updatedAt) {

	/** The number's digits as WhatsApp names the contact ({@code wa_id}), or null. */
	public String waId() {
		return (this.phone != null) ? this.phone.substring(1) : null;
	}

}
