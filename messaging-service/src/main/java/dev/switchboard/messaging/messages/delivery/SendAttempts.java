package dev.switchboard.messaging.messages.delivery;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.events.EventJson;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/** The bookkeeping around the provider calls of a message. */
@Component
class SendAttempts {

	/** The note on a message whose provider call has no recorded result. */
	static final String UNKNOWN_OUTCOME = "send outcome unknown";

	/** A message still waiting to be sent: part of every statement here. */
	private static final String SENDABLE = "status = 'accepted' AND wamid IS NULL AND provider_message_id IS NULL";

	private final DatabaseClient database;

	SendAttempts(DatabaseClient database) {
		this.database = database;
	}

	/** The message as it is to be sent, empty when it does not exist. */
	Mono<Pending> load(String tenantId, UUID id) {
		return this.database.sql("""
				SELECT id, tenant_id, channel_id, recipient, type, content, reply_to, status, wamid,
				provider_message_id, provider_attempts, provider_call_started_at, next_attempt_at, throttled,
				error_title, created_at
				FROM messages WHERE tenant_id = :tenantId AND id = :id
				""").bind("tenantId", tenantId).bind("id", id).map(SendAttempts::pending).one();
	}

	/**
	 * Marks a provider call as started, only for a message still waiting for a call:
	 * accepted, without a wamid or provider id, without a started call, and due. A single
	 * statement, so of two concurrent workers exactly one wins.
	 * @return true when this worker may call the provider
	 */
	Mono<Boolean> claim(String tenantId, UUID id) {
		return this.database.sql("""
				UPDATE messages SET provider_attempts = provider_attempts + 1, provider_call_started_at = now(),
				updated_at = now()
				WHERE tenant_id = :tenantId AND id = :id AND %s AND provider_call_started_at IS NULL
				AND (next_attempt_at IS NULL OR next_attempt_at <= now())
				""".formatted(SENDABLE))
			.bind("tenantId", tenantId)
			.bind("id", id)
			.fetch()
			.rowsUpdated()
			.map((updated) -> updated > 0);
	}

	/**
	 * Gives the claim back after a call the provider provably did not take (it answered
	 * with an error, or the connection never opened); the next attempt waits until
	 * {@code next}.
	 */
	Mono<Void> release(String tenantId, UUID id, Instant next, String title, String details, boolean throttled) {
		return note(this.database.sql("""
				UPDATE messages SET provider_call_started_at = NULL, next_attempt_at = :next, error_title = :title,
				error_details = :details, throttled = throttled + :throttled, updated_at = now()
				WHERE tenant_id = :tenantId AND id = :id AND %s
				""".formatted(SENDABLE)).bind("next", next).bind("throttled", throttled ? 1 : 0), title, details,
				tenantId, id);
	}

	/**
	 * Gives back a claim whose call is taken as not sent, only if it is still the claim
	 * that was examined (compare-and-set on its start): a claim another instance took or
	 * renewed in between is live and stays.
	 * @return true when the examined claim was released
	 */
	Mono<Boolean> releaseExamined(String tenantId, UUID id, Instant examinedStart, String title) {
		return this.database.sql("""
				UPDATE messages SET provider_call_started_at = NULL, next_attempt_at = now(), error_title = :title,
				error_details = NULL, updated_at = now()
				WHERE tenant_id = :tenantId AND id = :id AND %s AND provider_call_started_at = :examinedStart
				""".formatted(SENDABLE))
			.bind("title", title)
			.bind("tenantId", tenantId)
			.bind("id", id)
			.bind("examinedStart", examinedStart)
			.fetch()
			.rowsUpdated()
			.map((updated) -> updated > 0);
	}

	/**
	 * Locks the message until the transaction ends if it still waits for the result of
	 * the examined claim (the same call start, nothing recorded since).
	 * @return true when it does (and is now locked)
	 */
	Mono<Boolean> lockExaminedClaim(String tenantId, UUID id, Instant examinedStart) {
		return this.database.sql("""
				SELECT id FROM messages
				WHERE tenant_id = :tenantId AND id = :id AND %s AND provider_call_started_at = :examinedStart
				FOR UPDATE
				""".formatted(SENDABLE))
			.bind("tenantId", tenantId)
			.bind("id", id)
			.bind("examinedStart", examinedStart)
			.map((row) -> true)
			.all()
			.hasElements();
	}

	/**
	 * Locks the message until the transaction ends if it still waits for a call and none
	 * is open.
	 * @return true when it does (and is now locked)
	 */
	Mono<Boolean> lockWithoutOpenCall(String tenantId, UUID id) {
		return this.database.sql("""
				SELECT id FROM messages
				WHERE tenant_id = :tenantId AND id = :id AND %s AND provider_call_started_at IS NULL
				FOR UPDATE
				""".formatted(SENDABLE))
			.bind("tenantId", tenantId)
			.bind("id", id)
			.map((row) -> true)
			.all()
			.hasElements();
	}

	/**
	 * Takes on messages left waiting for a call with nothing pending (no call open, no
	 * retry or postponement due) since before the instant: they become due now. One
	 * statement that skips rows another instance is taking on, so each is taken on once.
	 * @return the messages taken on
	 */
	Flux<Key> adoptStranded(Instant untouchedSince, int limit) {
		return this.database.sql("""
				UPDATE messages SET next_attempt_at = now(), updated_at = now()
				WHERE id IN (SELECT id FROM messages
				  WHERE %1$s AND provider_call_started_at IS NULL AND next_attempt_at IS NULL
				  AND updated_at < :untouchedSince ORDER BY updated_at LIMIT :limit FOR UPDATE SKIP LOCKED)
				AND %1$s AND provider_call_started_at IS NULL AND next_attempt_at IS NULL
				RETURNING tenant_id, id
				""".formatted(SENDABLE))
			.bind("untouchedSince", untouchedSince)
			.bind("limit", limit)
			.map((row) -> new Key(row.get("tenant_id", String.class), row.get("id", UUID.class)))
			.all();
	}

	/** Postpones a message before any call (pair rate, open breaker, paused number). */
	Mono<Void> defer(String tenantId, UUID id, Instant next) {
		return this.database.sql("""
				UPDATE messages SET next_attempt_at = :next, updated_at = now()
				WHERE tenant_id = :tenantId AND id = :id AND %s AND provider_call_started_at IS NULL
				""".formatted(SENDABLE)).bind("next", next).bind("tenantId", tenantId).bind("id", id).then();
	}

	/**
	 * Flags a message whose call may have sent it without us knowing: no new call until a
	 * status names it or the reconciliation window passes.
	 */
	Mono<Void> flagUnknownOutcome(String tenantId, UUID id, String details) {
		return note(this.database.sql("""
				UPDATE messages SET error_title = :title, error_details = :details, updated_at = now()
				WHERE tenant_id = :tenantId AND id = :id AND %s
				""".formatted(SENDABLE)), UNKNOWN_OUTCOME, details, tenantId, id);
	}

	/** Records the wamid the provider answered (the status stays accepted until sent). */
	Mono<Boolean> recordWamid(String tenantId, UUID id, String wamid) {
		return this.database.sql("""
				UPDATE messages SET wamid = :wamid, matched_by = 'provider', error_code = NULL, error_title = NULL,
				error_details = NULL, next_attempt_at = NULL, updated_at = now()
				WHERE tenant_id = :tenantId AND id = :id AND wamid IS NULL
				""")
			.bind("wamid", wamid)
			.bind("tenantId", tenantId)
			.bind("id", id)
			.fetch()
			.rowsUpdated()
			.map((updated) -> updated > 0);
	}

	/** Records a provider's own id (CBB): the wamid comes with the first status. */
	Mono<Void> recordProviderId(String tenantId, UUID id, String providerMessageId) {
		return this.database.sql("""
				UPDATE messages SET provider_message_id = :providerId, error_code = NULL, error_title = NULL,
				error_details = NULL, next_attempt_at = NULL, updated_at = now()
				WHERE tenant_id = :tenantId AND id = :id AND wamid IS NULL
				""")
			.bind("providerId", (providerMessageId != null) ? providerMessageId : "unknown")
			.bind("tenantId", tenantId)
			.bind("id", id)
			.then();
	}

	/** Messages whose retry or postponed send is due. */
	Flux<Key> due(int limit) {
		return this.database.sql("""
				SELECT tenant_id, id FROM messages
				WHERE %s AND provider_call_started_at IS NULL AND next_attempt_at <= now()
				ORDER BY next_attempt_at LIMIT :limit
				""".formatted(SENDABLE))
			.bind("limit", limit)
			.map((row) -> new Key(row.get("tenant_id", String.class), row.get("id", UUID.class)))
			.all();
	}

	/** Messages whose provider call started before the instant and has no result. */
	Flux<Key> unresolved(Instant startedBefore, int limit) {
		return this.database.sql("""
				SELECT tenant_id, id FROM messages WHERE %s AND provider_call_started_at < :before
				ORDER BY provider_call_started_at LIMIT :limit
				""".formatted(SENDABLE))
			.bind("before", startedBefore)
			.bind("limit", limit)
			.map((row) -> new Key(row.get("tenant_id", String.class), row.get("id", UUID.class)))
			.all();
	}

	private static Mono<Void> note(GenericExecuteSpec spec, String title, String details, String tenantId, UUID id) {
		spec = spec.bind("title", title).bind("tenantId", tenantId).bind("id", id);
		spec = (details != null) ? spec.bind("details", details) : spec.bindNull("details", String.class);
		return spec.then();
	}

	@SuppressWarnings("unchecked")
	private static Pending pending(Readable row) {
		Json content = row.get("content", Json.class);
		Map<String, Object> object = (content != null) ? EventJson.read(content.asArray(), Map.class) : null;
		Integer attempts = row.get("provider_attempts", Integer.class);
		Integer throttled = row.get("throttled", Integer.class);
		return new Pending(row.get("id", UUID.class), row.get("tenant_id", String.class),
				row.get("channel_id", String.class), row.get("recipient", String.class), row.get("type", String.class),
				object, row.get("reply_to", String.class), row.get("status", String.class),
				row.get("wamid", String.class), row.get("provider_message_id", String.class),
				(attempts != null) ? attempts : 0, row.get("provider_call_started_at", Instant.class),
				row.get("next_attempt_at", Instant.class), (throttled != null) ? throttled : 0,
				row.get("error_title", String.class), row.get("created_at", Instant.class));
	}

	/**
	 * A message by tenant and id.
	 *
	 * @param tenantId owning tenant
	 * @param id message id
	 */
	record Key(String tenantId, UUID id) {
	}

	/**
	 * A message's send bookkeeping and content.
	 *
	 * @param id message id
	 * @param tenantId owning tenant
	 * @param channelId channel
	 * @param recipient E.164 recipient
	 * @param type message type
	 * @param content Graph API object of the type
	 * @param replyTo wamid replied to
	 * @param status current status
	 * @param wamid wamid, null before the provider accepted it
	 * @param providerMessageId the provider's own id (CBB)
	 * @param attempts provider calls started so far
	 * @param callStartedAt when the current call started, null when none is open
	 * @param nextAttemptAt when a postponed send is due
	 * @param throttled rate-limit answers so far
	 * @param note error title or note
	 * @param createdAt when it was accepted
	 */
	record Pending(UUID id, String tenantId, String channelId, String recipient, String type,
			Map<String, Object> content, String replyTo, String status, String wamid, String providerMessageId,
			int attempts, Instant callStartedAt, Instant nextAttemptAt, int throttled, String note, Instant createdAt) {

		/** Still waiting for a provider call. */
		boolean awaitingCall() {
			return "accepted".equals(this.status) && this.wamid == null && this.providerMessageId == null
					&& this.callStartedAt == null;
		}

		/** A call started and nothing about its result was recorded. */
		boolean outcomeMissing() {
			return "accepted".equals(this.status) && this.wamid == null && this.providerMessageId == null
					&& this.callStartedAt != null && !UNKNOWN_OUTCOME.equals(this.note);
		}

	}

}
