package dev.switchboard.messaging.messages.status.store;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.messaging.messages.status.fold.DeliveryState;
import dev.switchboard.messaging.messages.status.fold.MessageStatus;
import dev.switchboard.messaging.messages.status.fold.Pricing;
import dev.switchboard.messaging.messages.status.fold.StatusError;
import dev.switchboard.messaging.messages.status.fold.TrackedMessage;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
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

	private static final String COLUMNS = """
			id, tenant_id, channel_id, recipient, wamid, status, accepted_at, sent_at, delivered_at, read_at,
			played_at, failed_at, error_code, error_title, error_details, client_message_id, pricing_category,
			pricing_model, pricing_type, billable, conversation_id, conversation_origin""";

	/**
	 * The oldest message to a recipient still waiting for its wamid; served by the
	 * partial index {@code messages_awaiting_wamid} (checked against the plan by a test).
	 */
	static final String OLDEST_AWAITING_WAMID = """
			SELECT %s FROM messages
			WHERE tenant_id = :tenantId AND channel_id = ANY(:channels) AND recipient = :recipient
			AND wamid IS NULL AND provider_call_started_at IS NOT NULL AND created_at >= :since
			ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
			""".formatted(COLUMNS);

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
			.bind("key", new Wamid(tenantId, wamid).lockKey())
			.fetch()
			.rowsUpdated()
			.then();
	}

	/**
	 * {@link #lockWamid} for several wamids in one statement. The locks are taken in one
	 * fixed order, of the lock ids (the subquery sorts them, the locking function runs on
	 * its sorted output), so that transactions locking overlapping sets queue rather than
	 * deadlock.
	 */
	public Mono<Void> lockWamids(Collection<Wamid> wamids) {
		if (wamids.isEmpty()) {
			return Mono.empty();
		}
		return this.database.sql("""
				SELECT pg_advisory_xact_lock(l.id)
				FROM (SELECT DISTINCT hashtextextended(k, 0) AS id FROM unnest(:keys::text[]) AS k) AS l
				ORDER BY l.id
				""")
			.bind("keys", wamids.stream().map(Wamid::lockKey).toArray(String[]::new))
			.fetch()
			.rowsUpdated()
			.then();
	}

	/**
	 * The messages with those wamids (of their tenants), locked until the transaction
	 * ends, in id order; wamids no message has yet are left out.
	 */
	public Flux<TrackedMessage> lockByWamids(Collection<Wamid> wamids) {
		if (wamids.isEmpty()) {
			return Flux.empty();
		}
		String[] values = wamids.stream().map(Wamid::wamid).toArray(String[]::new);
		// The plain wamid condition lets the planner use the unique wamid index.
		return this.database.sql("""
				SELECT %s FROM messages
				WHERE wamid = ANY(:wamids::text[]) AND (tenant_id, wamid) IN
				(SELECT k.tenant_id, k.wamid FROM unnest(:tenantIds::text[], :wamids::text[]) AS k(tenant_id, wamid))
				ORDER BY id FOR UPDATE
				""".formatted(COLUMNS))
			.bind("wamids", values)
			.bind("tenantIds", wamids.stream().map(Wamid::tenantId).toArray(String[]::new))
			.map(TrackedMessages::message)
			.all();
	}

	/** The tenant's message with that wamid, locked until the transaction ends. */
	public Mono<TrackedMessage> lockByWamid(String tenantId, String wamid) {
		return this.database.sql("""
				SELECT %s FROM messages WHERE tenant_id = :tenantId AND wamid = :wamid FOR UPDATE
				""".formatted(COLUMNS))
			.bind("tenantId", tenantId)
			.bind("wamid", wamid)
			.map(TrackedMessages::message)
			.one();
	}

	/** The tenant's message with that id, locked until the transaction ends. */
	public Mono<TrackedMessage> lockById(String tenantId, UUID id) {
		return this.database.sql("""
				SELECT %s FROM messages WHERE tenant_id = :tenantId AND id = :id FOR UPDATE
				""".formatted(COLUMNS)).bind("tenantId", tenantId).bind("id", id).map(TrackedMessages::message).one();
	}

	/**
	 * The tenant's message with that id if it has no wamid yet, locked until the
	 * transaction ends.
	 */
	public Mono<TrackedMessage> lockAwaitingWamid(String tenantId, UUID id) {
		return this.database.sql("""
				SELECT %s FROM messages WHERE tenant_id = :tenantId AND id = :id AND wamid IS NULL FOR UPDATE
				""".formatted(COLUMNS)).bind("tenantId", tenantId).bind("id", id).map(TrackedMessages::message).one();
	}

	/** The tenant's message with that id if it has no wamid yet, without a lock. */
	public Mono<TrackedMessage> findAwaitingWamid(String tenantId, UUID id) {
		return this.database.sql("""
				SELECT %s FROM messages WHERE tenant_id = :tenantId AND id = :id AND wamid IS NULL
				""".formatted(COLUMNS)).bind("tenantId", tenantId).bind("id", id).map(TrackedMessages::message).one();
	}

	/** Whether a message of the tenant has that wamid. */
	public Mono<Boolean> hasWamid(String tenantId, String wamid) {
		return this.database.sql("SELECT id FROM messages WHERE tenant_id = :tenantId AND wamid = :wamid")
			.bind("tenantId", tenantId)
			.bind("wamid", wamid)
			.map((row) -> true)
			.all()
			.hasElements();
	}

	/**
	 * The oldest message of the channels to the recipient since the instant that the
	 * provider took without a wamid, locked (others skip it) until the transaction ends.
	 */
	public Mono<TrackedMessage> lockOldestAwaitingWamid(String tenantId, List<String> channelIds, String recipient,
			Instant since) {
		return this.database.sql(OLDEST_AWAITING_WAMID)
			.bind("tenantId", tenantId)
			.bind("channels", channelIds.toArray(new String[0]))
			.bind("recipient", recipient)
			.bind("since", since)
			.map(TrackedMessages::message)
			.one();
	}

	/** Links a wamid to a message that had none, noting how it was matched. */
	public Mono<Boolean> assignWamid(String tenantId, UUID id, String wamid, String matchedBy) {
		return this.database.sql("""
				UPDATE messages SET wamid = :wamid, matched_by = :matchedBy, updated_at = now(),
				error_title = CASE WHEN status = 'failed' THEN error_title END,
				error_details = CASE WHEN status = 'failed' THEN error_details END
				WHERE tenant_id = :tenantId AND id = :id AND wamid IS NULL
				""")
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
	public Mono<Void> save(TrackedMessage message, DeliveryState state) {
		StatusError error = state.error();
		String errorColumns = (error != null)
				? "error_code = :errorCode, error_title = :errorTitle, error_details = :errorDetails," : "";
		GenericExecuteSpec update = this.database.sql("""
				UPDATE messages SET status = :status, sent_at = :sent, delivered_at = :delivered, read_at = :read,
				played_at = :played, failed_at = :failed, %s
				pricing_category = :category, pricing_model = :model, pricing_type = :pricingType,
				billable = :billable, conversation_id = :conversationId, conversation_origin = :origin,
				updated_at = now() WHERE tenant_id = :tenantId AND id = :id
				""".formatted(errorColumns))
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

	/**
	 * {@link #save} for several messages in one statement: each message's current state.
	 */
	public Mono<Void> saveAll(List<TrackedMessage> changed) {
		if (changed.isEmpty()) {
			return Mono.empty();
		}
		int size = changed.size();
		StateColumns columns = new StateColumns(size);
		for (int i = 0; i < size; i++) {
			columns.set(i, changed.get(i));
		}
		return this.database.sql("""
				UPDATE messages AS m SET status = s.status, sent_at = s.sent_at, delivered_at = s.delivered_at,
				read_at = s.read_at, played_at = s.played_at, failed_at = s.failed_at,
				error_code = CASE WHEN s.has_error THEN s.error_code ELSE m.error_code END,
				error_title = CASE WHEN s.has_error THEN s.error_title ELSE m.error_title END,
				error_details = CASE WHEN s.has_error THEN s.error_details ELSE m.error_details END,
				pricing_category = s.category, pricing_model = s.model, pricing_type = s.pricing_type,
				billable = s.billable, conversation_id = s.conversation_id, conversation_origin = s.origin,
				updated_at = now()
				FROM unnest(:tenantIds::text[], :ids::uuid[], :statuses::text[], :sent::timestamptz[],
				:delivered::timestamptz[], :read::timestamptz[], :played::timestamptz[], :failed::timestamptz[],
				:hasError::boolean[], :errorCodes::integer[], :errorTitles::text[], :errorDetails::text[],
				:categories::text[], :models::text[], :pricingTypes::text[], :billable::boolean[],
				:conversationIds::text[], :origins::text[])
				AS s(tenant_id, id, status, sent_at, delivered_at, read_at, played_at, failed_at, has_error,
				error_code, error_title, error_details, category, model, pricing_type, billable, conversation_id,
				origin)
				WHERE m.tenant_id = s.tenant_id AND m.id = s.id
				""")
			.bind("tenantIds", columns.tenantIds)
			.bind("ids", columns.ids)
			.bind("statuses", columns.statuses)
			.bind("sent", columns.times.get(MessageStatus.SENT))
			.bind("delivered", columns.times.get(MessageStatus.DELIVERED))
			.bind("read", columns.times.get(MessageStatus.READ))
			.bind("played", columns.times.get(MessageStatus.PLAYED))
			.bind("failed", columns.times.get(MessageStatus.FAILED))
			.bind("hasError", columns.hasError)
			.bind("errorCodes", columns.errorCodes)
			.bind("errorTitles", columns.errorTitles)
			.bind("errorDetails", columns.errorDetails)
			.bind("categories", columns.categories)
			.bind("models", columns.models)
			.bind("pricingTypes", columns.pricingTypes)
			.bind("billable", columns.billable)
			.bind("conversationIds", columns.conversationIds)
			.bind("origins", columns.origins)
			.then();
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

	/**
	 * A wamid of a tenant.
	 *
	 * @param tenantId the tenant
	 * @param wamid the WhatsApp message id
	 */
	public record Wamid(String tenantId, String wamid) {

		/** What {@link #lockWamid} locks on. */
		String lockKey() {
			return this.tenantId + ":" + this.wamid;
		}

	}

	/** The stored delivery state of several messages, column by column. */
	private static final class StateColumns {

		private final String[] tenantIds;

		private final UUID[] ids;

		private final String[] statuses;

		private final Map<MessageStatus, Instant[]> times = new EnumMap<>(MessageStatus.class);

		private final Boolean[] hasError;

		private final Integer[] errorCodes;

		private final String[] errorTitles;

		private final String[] errorDetails;

		private final String[] categories;

		private final String[] models;

		private final String[] pricingTypes;

		private final Boolean[] billable;

		private final String[] conversationIds;

		private final String[] origins;

		StateColumns(int size) {
			this.tenantIds = new String[size];
			this.ids = new UUID[size];
			this.statuses = new String[size];
			for (MessageStatus status : MessageStatus.values()) {
				this.times.put(status, new Instant[size]);
			}
			this.hasError = new Boolean[size];
			this.errorCodes = new Integer[size];
			this.errorTitles = new String[size];
			this.errorDetails = new String[size];
			this.categories = new String[size];
			this.models = new String[size];
			this.pricingTypes = new String[size];
			this.billable = new Boolean[size];
			this.conversationIds = new String[size];
			this.origins = new String[size];
		}

		void set(int i, TrackedMessage message) {
			DeliveryState state = message.state();
			this.tenantIds[i] = message.tenantId();
			this.ids[i] = message.id();
			this.statuses[i] = state.status().value();
			state.times().forEach((status, at) -> this.times.get(status)[i] = at);
			// As in save: the error columns are written only when the state has an error.
			StatusError error = state.error();
			this.hasError[i] = error != null;
			if (error != null) {
				this.errorCodes[i] = error.code();
				this.errorTitles[i] = error.title();
				this.errorDetails[i] = error.details();
			}
			Pricing pricing = state.pricing();
			this.categories[i] = pricing.category();
			this.models[i] = pricing.model();
			this.pricingTypes[i] = pricing.type();
			this.billable[i] = pricing.billable();
			this.conversationIds[i] = pricing.conversationId();
			this.origins[i] = pricing.conversationOrigin();
		}

	}

}
