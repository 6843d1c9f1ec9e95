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
	 * @param contact the contact's number, E.164 or wa_id digits
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
			.bind("contact", digits(contact))
			.map((row) -> row.get("last_inbound_at", Instant.class))
			.one()
			.map((last) -> last.plus(this.properties.duration()).isAfter(Instant.now()))
			.defaultIfEmpty(false);
	}

	/** Records an inbound message; a later message moves the window, an older never. */
	public Mono<Void> inbound(String tenantId, String phoneNumberId, String from, Instant at) {
		return this.database.sql("""
				INSERT INTO service_windows (tenant_id, phone_number_id, contact, last_inbound_at)
				VALUES (:tenantId, :phoneNumberId, :contact, :at)
				ON CONFLICT (tenant_id, phone_number_id, contact)
				DO UPDATE SET last_inbound_at = GREATEST(service_windows.last_inbound_at, EXCLUDED.last_inbound_at)
				""")
			.bind("tenantId", tenantId)
			.bind("phoneNumberId", phoneNumberId)
			.bind("contact", digits(from))
			.bind("at", at)
			.then();
	}

	static String digits(String phone) {
		return phone.replaceAll("[^0-9]", "");
	}

}
