package dev.switchboard.messaging.messages.status;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/**
 * Statuses that arrived before the send recorded their wamid (Meta can report
 * {@code sent} before its send response reaches us). They wait here and are applied when
 * the wamid is recorded.
 */
@Component
class HeldStatuses {

	private final DatabaseClient database;

	HeldStatuses(DatabaseClient database) {
		this.database = database;
	}

	Mono<Void> hold(String eventId, String tenantId, String wamid, StatusUpdate update) {
		StatusError error = update.error();
		GenericExecuteSpec insert = this.database
			.sql("INSERT INTO held_statuses (event_id, tenant_id, wamid, status, occurred_at, error_code, error_title, "
					+ "error_details) VALUES (:eventId, :tenantId, :wamid, :status, :at, :errorCode, :errorTitle, "
					+ ":errorDetails) ON CONFLICT DO NOTHING")
			.bind("eventId", eventId)
			.bind("tenantId", tenantId)
			.bind("wamid", wamid)
			.bind("status", update.status().value())
			.bind("at", update.at());
		insert = nullable(insert, "errorCode", (error != null) ? error.code() : null, Integer.class);
		insert = nullable(insert, "errorTitle", (error != null) ? error.title() : null, String.class);
		insert = nullable(insert, "errorDetails", (error != null) ? error.details() : null, String.class);
		return insert.then();
	}

	/** Removes and returns the statuses held for the wamid, oldest first. */
	Mono<List<StatusUpdate>> release(String tenantId, String wamid) {
		return this.database
			.sql("DELETE FROM held_statuses WHERE tenant_id = :tenantId AND wamid = :wamid "
					+ "RETURNING status, occurred_at, error_code, error_title, error_details")
			.bind("tenantId", tenantId)
			.bind("wamid", wamid)
			.map(HeldStatuses::update)
			.all()
			.sort(Comparator.comparing(StatusUpdate::at))
			.collectList();
	}

	private static StatusUpdate update(Readable row) {
		MessageStatus status = MessageStatus.parse(row.get("status", String.class)).orElseThrow();
		Instant at = row.get("occurred_at", Instant.class);
		Integer code = row.get("error_code", Integer.class);
		String title = row.get("error_title", String.class);
		String details = row.get("error_details", String.class);
		StatusError error = (code != null || title != null || details != null) ? new StatusError(code, title, details)
				: null;
		return new StatusUpdate(status, at, error);
	}

	private static GenericExecuteSpec nullable(GenericExecuteSpec spec, String name, Object value, Class<?> type) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, type);
	}

}
