package dev.switchboard.messaging.messages.status;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/** Loads and stores the delivery state of messages. */
@Component
public class TrackedMessages {

	private static final Map<MessageStatus, String> TIME_COLUMNS = Map.of(MessageStatus.ACCEPTED, "accepted_at",
			MessageStatus.SENT, "sent_at", MessageStatus.DELIVERED, "delivered_at", MessageStatus.READ, "read_at",
			MessageStatus.PLAYED, "played_at", MessageStatus.FAILED, "failed_at");

	private static final String COLUMNS = "id, tenant_id, channel_id, recipient, wamid, status, accepted_at, sent_at, "
			+ "delivered_at, read_at, played_at, failed_at, error_code, error_title, error_details";

	private final DatabaseClient database;

	TrackedMessages(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * Serialises, until the transaction ends, everyone who links a status to this wamid:
	 * the status fold and the send recording the wamid. Without it a status could be held
	 * just as the wamid is recorded and never be applied.
	 */
	public Mono<Void> lockWamid(String tenantId, String wamid) {
		return this.database.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
			.bind("key", tenantId + ":" + wamid)
			.fetch()
			.rowsUpdated()
			.then();
	}

	/** The tenant's message with that wamid, locked until the transaction ends. */
	public Mono<TrackedMessage> lockByWamid(String tenantId, String wamid) {
		return this.database
			.sql("SELECT " + COLUMNS + " FROM messages WHERE tenant_id = :tenantId AND wamid = :wamid FOR UPDATE")
			.bind("tenantId", tenantId)
			.bind("wamid", wamid)
			.map(TrackedMessages::message)
			.one();
	}

	/** The tenant's message with that id, locked until the transaction ends. */
	public Mono<TrackedMessage> lockById(String tenantId, UUID id) {
		return this.database
			.sql("SELECT " + COLUMNS + " FROM messages WHERE tenant_id = :tenantId AND id = :id FOR UPDATE")
			.bind("tenantId", tenantId)
			.bind("id", id)
			.map(TrackedMessages::message)
			.one();
	}

	/**
	 * Stores a message's delivery state. The error columns are written only when the
	 * state has an error, so a note on a message that has not failed survives.
	 */
	Mono<Void> save(TrackedMessage message, DeliveryState state) {
		StatusError error = state.error();
		String errorColumns = (error != null)
				? "error_code = :errorCode, error_title = :errorTitle, error_details = :errorDetails, " : "";
		GenericExecuteSpec update = this.database
			.sql("UPDATE messages SET status = :status, sent_at = :sent, "
					+ "delivered_at = :delivered, read_at = :read, played_at = :played, failed_at = :failed, "
					+ errorColumns + "updated_at = now() WHERE tenant_id = :tenantId AND id = :id")
			.bind("status", state.status().value())
			.bind("tenantId", message.tenantId())
			.bind("id", message.id());
		update = time(update, "sent", state, MessageStatus.SENT);
		update = time(update, "delivered", state, MessageStatus.DELIVERED);
		update = time(update, "read", state, MessageStatus.READ);
		update = time(update, "played", state, MessageStatus.PLAYED);
		update = time(update, "failed", state, MessageStatus.FAILED);
		if (error != null) {
			update = nullable(update, "errorCode", error.code(), Integer.class);
			update = nullable(update, "errorTitle", error.title(), String.class);
			update = nullable(update, "errorDetails", error.details(), String.class);
		}
		return update.then();
	}

	private static GenericExecuteSpec time(GenericExecuteSpec spec, String name, DeliveryState state,
			MessageStatus status) {
		return nullable(spec, name, state.times().get(status), Instant.class);
	}

	private static GenericExecuteSpec nullable(GenericExecuteSpec spec, String name, Object value, Class<?> type) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, type);
	}

	private static TrackedMessage message(Readable row) {
		Map<MessageStatus, Instant> times = new EnumMap<>(MessageStatus.class);
		TIME_COLUMNS.forEach((status, column) -> {
			Instant at = row.get(column, Instant.class);
			if (at != null) {
				times.put(status, at);
			}
		});
		Integer errorCode = row.get("error_code", Integer.class);
		String errorTitle = row.get("error_title", String.class);
		String errorDetails = row.get("error_details", String.class);
		MessageStatus status = MessageStatus.parse(row.get("status", String.class))
			.orElseThrow(() -> new IllegalStateException("Unknown stored status " + row.get("status", String.class)));
		// A failure's error counts only once it failed; before that the columns may hold
		// a note such as an unknown send outcome.
		boolean hasError = errorCode != null || errorTitle != null || errorDetails != null;
		StatusError error = (times.containsKey(MessageStatus.FAILED) && hasError)
				? new StatusError(errorCode, errorTitle, errorDetails) : null;
		return new TrackedMessage(row.get("id", UUID.class), row.get("tenant_id", String.class),
				row.get("channel_id", String.class), row.get("recipient", String.class), row.get("wamid", String.class),
				new DeliveryState(status, times, error));
	}

}
