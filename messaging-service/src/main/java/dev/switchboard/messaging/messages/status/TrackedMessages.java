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
			+ "delivered_at, read_at, played_at, failed_at, error_code, error_title, error_details, client_message_id, "
			+ "pricing_category, pricing_model, pricing_type, billable, conversation_id, conversation_origin";

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
	 * The tenant's message with that id if it has no wamid yet, locked until the
	 * transaction ends.
	 */
	Mono<TrackedMessage> lockAwaitingWamid(String tenantId, UUID id) {
		return this.database
			.sql("SELECT " + COLUMNS + " FROM messages WHERE tenant_id = :tenantId AND id = :id AND wamid IS NULL "
					+ "FOR UPDATE")
			.bind("tenantId", tenantId)
			.bind("id", id)
			.map(TrackedMessages::message)
			.one();
	}

	/**
	 * The oldest message of the channels to the recipient since the instant that the
	 * provider took without a wamid, locked (others skip it) until the transaction ends.
	 */
	Mono<TrackedMessage> lockOldestAwaitingWamid(String tenantId, java.util.List<String> channelIds, String recipient,
			Instant since) {
		return this.database
			.sql("SELECT " + COLUMNS + " FROM messages WHERE tenant_id = :tenantId AND channel_id = ANY(:channels) "
					+ "AND recipient = :recipient AND wamid IS NULL AND provider_call_started_at IS NOT NULL "
					+ "AND created_at >= :since ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED")
			.bind("tenantId", tenantId)
			.bind("channels", channelIds.toArray(new String[0]))
			.bind("recipient", recipient)
			.bind("since", since)
			.map(TrackedMessages::message)
			.one();
	}

	/** Links a wamid to a message that had none, noting how it was matched. */
	Mono<Boolean> assignWamid(String tenantId, UUID id, String wamid, String matchedBy) {
		return this.database
			.sql("UPDATE messages SET wamid = :wamid, matched_by = :matchedBy, updated_at = now(), "
					+ "error_title = CASE WHEN status = 'failed' THEN error_title END, "
					+ "error_details = CASE WHEN status = 'failed' THEN error_details END "
					+ "WHERE tenant_id = :tenantId AND id = :id AND wamid IS NULL")
			.bind("wamid", wamid)
			.bind("matchedBy", matchedBy)
			.bind("tenantId", tenantId)
			.bind("id", id)
			.fetch()
			.rowsUpdated()
			.map((updated) -> updated > 0);
	}

	/**
	 * Stores a message's delivery state. The error columns are written only when the
	 * state has an error, so a note on a message that has not failed survives.
	 */
	Mono<Void> save(TrackedMessage message, DeliveryState state) {
		StatusError error = state.error();
		String errorColumns = (error != null)
				? "error_code = :errorCode, error_title = :errorTitle, error_details = :errorDetails, " : "";
		GenericExecuteSpec update = this.database.sql("UPDATE messages SET status = :status, sent_at = :sent, "
				+ "delivered_at = :delivered, read_at = :read, played_at = :played, failed_at = :failed, "
				+ errorColumns + "pricing_category = :category, pricing_model = :model, pricing_type = :pricingType, "
				+ "billable = :billable, conversation_id = :conversationId, conversation_origin = :origin, "
				+ "updated_at = now() WHERE tenant_id = :tenantId AND id = :id")
			.bind("status", state.status().value())
			.bind("tenantId", message.tenantId())
			.bind("id", message.id());
		Pricing pricing = state.pricing();
		update = nullable(update, "category", pricing.category(), String.class);
		update = nullable(update, "model", pricing.model(), String.class);
		update = nullable(update, "pricingType", pricing.type(), String.class);
		update = nullable(update, "billable", pricing.billable(), Boolean.class);
		update = nullable(update, "conversationId", pricing.conversationId(), String.class);
		update = nullable(update, "origin", pricing.conversationOrigin(), String.class);
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
		Pricing pricing = new Pricing(row.get("pricing_category", String.class), row.get("pricing_model", String.class),
				row.get("pricing_type", String.class), row.get("billable", Boolean.class),
				row.get("conversation_id", String.class), row.get("conversation_origin", String.class));
		return new TrackedMessage(row.get("id", UUID.class), row.get("tenant_id", String.class),
				row.get("channel_id", String.class), row.get("recipient", String.class), row.get("wamid", String.class),
				new DeliveryState(status, times, error, pricing), row.get("client_message_id", String.class));
	}

}
