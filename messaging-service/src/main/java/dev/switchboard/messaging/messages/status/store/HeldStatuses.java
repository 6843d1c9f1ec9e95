package dev.switchboard.messaging.messages.status.store;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import dev.switchboard.events.EventJson;
import dev.switchboard.messaging.messages.status.fold.MessageStatus;
import dev.switchboard.messaging.messages.status.fold.Pricing;
import dev.switchboard.messaging.messages.status.fold.StatusError;
import dev.switchboard.messaging.messages.status.fold.StatusUpdate;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/**
 * Statuses that arrived before their message was linked to the wamid (Meta can report
 * {@code sent} before its send response reaches us; CBB gives no wamid at all). They wait
 * here and are applied when the wamid is linked.
 */
@Component
public class HeldStatuses {

	private final DatabaseClient database;

	HeldStatuses(DatabaseClient database) {
		this.database = database;
	}

	public Mono<Void> hold(String eventId, String tenantId, String wamid, StatusUpdate update, HeldContext context) {
		StatusError error = update.error();
		GenericExecuteSpec insert = this.database.sql("""
				INSERT INTO held_statuses (event_id, tenant_id, wamid, status, occurred_at, error_code, error_title,
				error_details, recipient, callback_data, phone_number_id, pricing)
				VALUES (:eventId, :tenantId, :wamid, :status, :at, :errorCode, :errorTitle, :errorDetails, :recipient,
				:callbackData, :phoneNumberId, :pricing) ON CONFLICT DO NOTHING
				""")
			.bind("eventId", eventId)
			.bind("tenantId", tenantId)
			.bind("wamid", wamid)
			.bind("status", update.status().value())
			.bind("at", update.at());
		insert = nullable(insert, "errorCode", (error != null) ? error.code() : null, Integer.class);
		insert = nullable(insert, "errorTitle", (error != null) ? error.title() : null, String.class);
		insert = nullable(insert, "errorDetails", (error != null) ? error.details() : null, String.class);
		insert = nullable(insert, "recipient", context.recipient(), String.class);
		insert = nullable(insert, "callbackData", context.callbackData(), String.class);
		insert = nullable(insert, "phoneNumberId", context.phoneNumberId(), String.class);
		insert = (update.pricing() != null) ? insert.bind("pricing", Json.of(EventJson.write(update.pricing())))
				: insert.bindNull("pricing", Json.class);
		return insert.then();
	}

	/** Removes and returns the statuses held for the wamid, oldest first. */
	public Mono<List<StatusUpdate>> release(String tenantId, String wamid) {
		return this.database.sql("""
				DELETE FROM held_statuses WHERE tenant_id = :tenantId AND wamid = :wamid
				RETURNING status, occurred_at, error_code, error_title, error_details, pricing
				""")
			.bind("tenantId", tenantId)
			.bind("wamid", wamid)
			.map(HeldStatuses::update)
			.all()
			.sort(Comparator.comparing(StatusUpdate::at))
			.collectList();
	}

	/**
	 * The wamid of the earliest held status to the recipient from the number (any of the
	 * tenant's when null) since the instant that no message has yet.
	 */
	public Mono<String> unclaimedWamid(String tenantId, String phoneNumberId, String recipientDigits, Instant since) {
		GenericExecuteSpec query = this.database.sql(unclaimedWamidQuery(phoneNumberId != null))
			.bind("tenantId", tenantId)
			.bind("recipient", recipientDigits)
			.bind("since", since);
		if (phoneNumberId != null) {
			query = query.bind("number", phoneNumberId);
		}
		return query.map((row) -> row.get("wamid", String.class)).one();
	}

	/**
	 * The query of {@link #unclaimedWamid}, served by the index
	 * {@code held_statuses_recipient} (checked against the plan by a test).
	 */
	static String unclaimedWamidQuery(boolean fromNumber) {
		return """
				SELECT h.wamid FROM held_statuses h
				WHERE h.tenant_id = :tenantId %s AND h.recipient = :recipient AND h.occurred_at >= :since
				AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.wamid = h.wamid)
				ORDER BY h.occurred_at LIMIT 1
				""".formatted(fromNumber ? "AND h.phone_number_id = :number" : "");
	}

	private static StatusUpdate update(Readable row) {
		MessageStatus status = MessageStatus.parse(row.get("status", String.class)).orElseThrow();
		Instant at = row.get("occurred_at", Instant.class);
		Integer code = row.get("error_code", Integer.class);
		String title = row.get("error_title", String.class);
		String details = row.get("error_details", String.class);
		StatusError error = (code != null || title != null || details != null) ? new StatusError(code, title, details)
				: null;
		Json pricing = row.get("pricing", Json.class);
		return new StatusUpdate(status, at, error,
				(pricing != null) ? EventJson.read(pricing.asArray(), Pricing.class) : null);
	}

	private static GenericExecuteSpec nullable(GenericExecuteSpec spec, String name, Object value, Class<?> type) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, type);
	}

	/**
	 * What a held status says about its message besides the wamid.
	 *
	 * @param recipient recipient wa_id digits
	 * @param callbackData {@code biz_opaque_callback_data}, may be null
	 * @param phoneNumberId business number
	 */
	public record HeldContext(String recipient, String callbackData, String phoneNumberId) {
	}

}
