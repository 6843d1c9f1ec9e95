package dev.switchboard.messaging.messages.delivery;

import java.time.Instant;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/** The bookkeeping around the one provider call of a message. */
@Component
class SendAttempts {

	/** The note on a message whose provider call has no recorded result. */
	static final String UNKNOWN_OUTCOME = "send outcome unknown";

	/** The note on a message whose provider could not be reached; it will be retried. */
	static final String UNREACHABLE = "provider unreachable";

	private final DatabaseClient database;

	SendAttempts(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * Marks the provider call as started, only for a message still waiting for its first
	 * call: accepted, without a wamid and without a started call. A single statement, so
	 * of two concurrent workers exactly one wins.
	 * @return true when this worker may call the provider
	 */
	Mono<Boolean> claim(String tenantId, UUID id) {
		return this.database
			.sql("UPDATE messages SET provider_attempts = provider_attempts + 1, provider_call_started_at = now(), "
					+ "updated_at = now() WHERE tenant_id = :tenantId AND id = :id AND status = 'accepted' "
					+ "AND wamid IS NULL AND provider_call_started_at IS NULL")
			.bind("tenantId", tenantId)
			.bind("id", id)
			.fetch()
			.rowsUpdated()
			.map((updated) -> updated > 0);
	}

	/** Where the message stands, empty when it does not exist. */
	Mono<Attempt> attempt(String tenantId, UUID id) {
		return this.database
			.sql("SELECT status, wamid, provider_call_started_at, error_title FROM messages "
					+ "WHERE tenant_id = :tenantId AND id = :id")
			.bind("tenantId", tenantId)
			.bind("id", id)
			.map((row) -> new Attempt(row.get("status", String.class), row.get("wamid", String.class),
					row.get("provider_call_started_at", Instant.class), row.get("error_title", String.class)))
			.one();
	}

	/**
	 * Gives the claim back after a call that provably never reached the provider, with a
	 * note saying so until a later attempt succeeds.
	 */
	Mono<Void> release(String tenantId, UUID id, String details) {
		return this.database
			.sql("UPDATE messages SET provider_call_started_at = NULL, error_title = :title, error_details = :details, "
					+ "updated_at = now() WHERE tenant_id = :tenantId AND id = :id AND wamid IS NULL "
					+ "AND status = 'accepted'")
			.bind("title", UNREACHABLE)
			.bind("details", details)
			.bind("tenantId", tenantId)
			.bind("id", id)
			.then();
	}

	/**
	 * Flags a message whose call may have sent it without us knowing the wamid: it stays
	 * {@code accepted} for reconciliation instead of being sent a second time.
	 */
	Mono<Void> flagUnknownOutcome(String tenantId, UUID id, String details) {
		return this.database
			.sql("UPDATE messages SET error_title = :title, error_details = :details, updated_at = now() "
					+ "WHERE tenant_id = :tenantId AND id = :id AND wamid IS NULL AND status = 'accepted'")
			.bind("title", UNKNOWN_OUTCOME)
			.bind("details", details)
			.bind("tenantId", tenantId)
			.bind("id", id)
			.then();
	}

	/**
	 * Records the wamid (the status stays {@code accepted} until Meta reports
	 * {@code sent}) and clears an unknown-outcome note a concurrent redelivery may have
	 * left.
	 */
	Mono<Boolean> recordWamid(String tenantId, UUID id, String wamid) {
		return this.database
			.sql("UPDATE messages SET wamid = :wamid, error_code = NULL, error_title = NULL, error_details = NULL, "
					+ "updated_at = now() WHERE tenant_id = :tenantId AND id = :id AND wamid IS NULL")
			.bind("wamid", wamid)
			.bind("tenantId", tenantId)
			.bind("id", id)
			.fetch()
			.rowsUpdated()
			.map((updated) -> updated > 0);
	}

	/**
	 * A message's send bookkeeping.
	 *
	 * @param status current status
	 * @param wamid wamid, null before the provider accepted it
	 * @param callStartedAt when the provider call started, null when none did
	 * @param note error title (e.g. the unknown-outcome note), may be null
	 */
	record Attempt(String status, String wamid, Instant callStartedAt, String note) {

		/** A call started and nothing about its result was recorded. */
		boolean outcomeMissing() {
			return "accepted".equals(this.status) && this.wamid == null && this.callStartedAt != null
					&& !UNKNOWN_OUTCOME.equals(this.note);
		}

	}

}
