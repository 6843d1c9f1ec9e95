package dev.switchboard.messaging.windows;

import java.time.Instant;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * WhatsApp's customer-service window: free-form messages may go to a contact only within
 * 24 hours of the contact's last message to the business number. Tracked from
 * {@code wa.inbound.v1}.
 */
@Component
public class ServiceWindows {

	private final DatabaseClient database;

	private final ServiceWindowProperties properties;

	ServiceWindows(DatabaseClient database, ServiceWindowProperties properties) {
		this.database = database;
		this.properties = properties;
	}

	/**
	 * Whether the contact's window with the number is open now (always true when the
	 * window is not enforced).
	 * @param contact the contact's number, E.164 or wa_id digits, or its business-scoped
	 * user id
	 */
	public Mono<Boolean> isOpen(String tenantId, String phoneNumberId, String contact) {
		if (!this.properties.enforced()) {
			return Mono.just(true);
		}
		return this.database.sql("""
				SELECT last_inbound_at FROM service_windows
				WHERE tenant_id = :tenantId AND phone_number_id = :phoneNumberId AND contact = :contact
				""")
			.bind("tenantId", tenantId)
			.bind("phoneNumberId", phoneNumberId)
			.bind("contact", contactKey(contact))
			.map((row) -> row.get("last_inbound_at", Instant.class))
			.one()
			.map((last) -> last.plus(this.properties.duration()).isAfter(Instant.now()))
			.defaultIfEmpty(false);
	}

	/**
	 * Records an inbound message; a later message moves the window, an older never.
	 * @param from the sender's number, or its business-scoped user id when it has none
	 */
	public Mono<Void> inbound(String tenantId, String phoneNumberId, String from, Instant at) {
		return this.database.sql("""
				INSERT INTO service_windows (tenant_id, phone_number_id, contact, last_inbound_at)
				VALUES (:tenantId, :phoneNumberId, :contact, :at)
				ON CONFLICT (tenant_id, phone_number_id, contact)
				DO UPDATE SET last_inbound_at = GREATEST(service_windows.last_inbound_at, EXCLUDED.last_inbound_at)
				""")
			.bind("tenantId", tenantId)
			.bind("phoneNumberId", phoneNumberId)
			.bind("contact", contactKey(from))
			.bind("at", at)
			.then();
	}

	/**
	 * A number by its digits; a business-scoped user id (letters, e.g. {@code US.1349…})
	 * as it is.
	 */
	static String contactKey(String contact) {
		return contact.chars().anyMatch(Character::isLetter) ? contact : contact.replaceAll("[^0-9]", "");
	}

}
