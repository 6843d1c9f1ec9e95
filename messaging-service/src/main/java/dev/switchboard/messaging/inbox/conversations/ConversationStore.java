package dev.switchboard.messaging.inbox.conversations;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.messaging.inbox.sla.SlaClock;
import dev.switchboard.messaging.inbox.sla.SlaState;
import dev.switchboard.messaging.inbox.sla.SlaTarget;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/**
 * Conversation rows: read with their contact, locked for a change, written back with the
 * version they were read with (optimistic versioning; one up per change).
 */
@Component
class ConversationStore {

	static final String SELECT = """
						SELECT c.id, c.tenant_id, c.channel_id, c.phone_number_id, c.contact_id, c.status, c.assignee_id,
						c.priority, c.tags, c.unread_count, c.reopen_count, c.previous_conversation_id, c.last_inbound_at,
						c.waiting_since, c.last_activity_at, c.last_text, c.resolved_at, c.archived_at, c.created_at, c.version,
			c.sla_state, c.sla_target, c.first_response_due_at, c.next_response_due_at, c.sla_at_risk_at, c.first_replied_at,
			c.idle_due_at, c.queue_id,
						ct.phone AS contact_phone, ct.user_id AS contact_user_id, ct.profile_name AS contact_name
						FROM conversations c JOIN contacts ct ON ct.id = c.contact_id
						""";

	private static final String SLA_COLUMNS = """
			sla_state, sla_target, first_response_due_at, next_response_due_at, sla_at_risk_at, first_replied_at,
			idle_due_at, sla_check_at""";

	private static final String SLA_VALUES = ":slaState, :slaTarget, :firstDue, :nextDue, :atRisk, :firstReplied, :idleDue, :slaCheck";

	private static final String SLA_ASSIGNMENTS = """
			sla_state = :slaState, sla_target = :slaTarget, first_response_due_at = :firstDue,
			next_response_due_at = :nextDue, sla_at_risk_at = :atRisk, first_replied_at = :firstReplied,
			idle_due_at = :idleDue, sla_check_at = :slaCheck""";

	private final DatabaseClient database;

	ConversationStore(DatabaseClient database) {
		this.database = database;
	}

	Mono<Boolean> queueExists(String tenantId, UUID queueId) {
		return this.database
			.sql("SELECT EXISTS (SELECT 1 FROM queues WHERE tenant_id = :tenantId AND id = :id) AS known")
			.bind("tenantId", tenantId)
			.bind("id", queueId)
			.map((row) -> Boolean.TRUE.equals(row.get("known", Boolean.class)))
			.one();
	}

	/**
	 * Puts the (locked) conversation in the queue; its version moves with the change
	 * saved next.
	 */
	Mono<Void> moveToQueue(String tenantId, UUID id, UUID queueId) {
		return this.database
			.sql("UPDATE conversations SET queue_id = :queueId WHERE tenant_id = :tenantId AND id = :id")
			.bind("tenantId", tenantId)
			.bind("id", id)
			.bind("queueId", queueId)
			.then();
	}

	/** The tenant's conversation, empty for another tenant's id. */
	Mono<Conversation> find(String tenantId, UUID id) {
		return this.database.sql(SELECT + " WHERE c.tenant_id = :tenantId AND c.id = :id")
			.bind("tenantId", tenantId)
			.bind("id", id)
			.map(ConversationStore::conversation)
			.one();
	}

	/** The tenant's conversation, its row locked until the transaction ends. */
	Mono<Conversation> lock(String tenantId, UUID id) {
		return this.database.sql(SELECT + " WHERE c.tenant_id = :tenantId AND c.id = :id FOR UPDATE OF c")
			.bind("tenantId", tenantId)
			.bind("id", id)
			.map(ConversationStore::conversation)
			.one();
	}

	/** The contact's latest conversation on the number, locked. */
	Mono<Conversation> lockLatest(String tenantId, String phoneNumberId, UUID contactId) {
		return this.database.sql(SELECT + """
				 WHERE c.tenant_id = :tenantId AND c.phone_number_id = :number AND c.contact_id = :contactId
				ORDER BY (c.status IN ('OPEN', 'ASSIGNED')) DESC, c.created_at DESC LIMIT 1 FOR UPDATE OF c""")
			.bind("tenantId", tenantId)
			.bind("number", phoneNumberId)
			.bind("contactId", contactId)
			.map(ConversationStore::conversation)
			.one();
	}

	/**
	 * {@link #lockLatest} for several contacts in one statement, locked in the order
	 * given.
	 */
	Flux<Conversation> lockLatestAll(List<LatestKey> keys) {
		if (keys.isEmpty()) {
			return Flux.empty();
		}
		return this.database
			.sql("SELECT l.* FROM unnest(:tenantIds::text[], :numbers::text[], :contactIds::uuid[])"
					+ " WITH ORDINALITY AS k(tenant_id, phone_number_id, contact_id, position) CROSS JOIN LATERAL ("
					+ SELECT
					+ """
							 WHERE c.tenant_id = k.tenant_id AND c.phone_number_id = k.phone_number_id
							AND c.contact_id = k.contact_id
							ORDER BY (c.status IN ('OPEN', 'ASSIGNED')) DESC, c.created_at DESC LIMIT 1 FOR UPDATE OF c) l
							ORDER BY k.position""")
			.bind("tenantIds", keys.stream().map(LatestKey::tenantId).toArray(String[]::new))
			.bind("numbers", keys.stream().map(LatestKey::phoneNumberId).toArray(String[]::new))
			.bind("contactIds", keys.stream().map(LatestKey::contactId).toArray(UUID[]::new))
			.map(ConversationStore::conversation)
			.all();
	}

	/**
	 * Writes what customer messages changed on open conversations (unread count, times,
	 * preview, SLA clock), for several conversations in one statement, each if nobody
	 * changed it since it was read.
	 * @return the conversations as written (version one up)
	 * @throws ApiProblem 409 {@code VERSION_CONFLICT} when any version moved on
	 */
	Mono<List<Conversation>> saveReceivedAll(List<Conversation> changed) {
		int size = changed.size();
		if (size == 0) {
			return Mono.just(List.of());
		}
		UUID[] ids = new UUID[size];
		Long[] versions = new Long[size];
		Integer[] unread = new Integer[size];
		Instant[] lastInbound = new Instant[size];
		Instant[] waiting = new Instant[size];
		Instant[] activity = new Instant[size];
		String[] lastText = new String[size];
		String[] slaStates = new String[size];
		String[] slaTargets = new String[size];
		Instant[] firstDue = new Instant[size];
		Instant[] nextDue = new Instant[size];
		Instant[] atRisk = new Instant[size];
		Instant[] firstReplied = new Instant[size];
		Instant[] idleDue = new Instant[size];
		Instant[] slaCheck = new Instant[size];
		for (int i = 0; i < size; i++) {
			Conversation c = changed.get(i);
			SlaClock clock = c.sla();
			ids[i] = c.id();
			versions[i] = c.version();
			unread[i] = c.unreadCount();
			lastInbound[i] = c.lastInboundAt();
			waiting[i] = c.waitingSince();
			activity[i] = c.lastActivityAt();
			lastText[i] = c.lastText();
			slaStates[i] = (clock.state() != null) ? clock.state().name() : null;
			slaTargets[i] = (clock.running() != null) ? clock.running().name() : null;
			firstDue[i] = clock.firstResponseDueAt();
			nextDue[i] = clock.nextResponseDueAt();
			atRisk[i] = clock.atRiskAt();
			firstReplied[i] = clock.firstRepliedAt();
			idleDue[i] = clock.idleDueAt();
			slaCheck[i] = clock.checkAt();
		}
		return this.database.sql("""
				UPDATE conversations AS c SET unread_count = s.unread, last_inbound_at = s.last_inbound,
				waiting_since = s.waiting, last_activity_at = s.activity, last_text = s.last_text, updated_at = now(),
				version = c.version + 1, sla_state = s.sla_state, sla_target = s.sla_target,
				first_response_due_at = s.first_due, next_response_due_at = s.next_due, sla_at_risk_at = s.at_risk,
				first_replied_at = s.first_replied, idle_due_at = s.idle_due, sla_check_at = s.sla_check
				FROM unnest(:ids::uuid[], :versions::bigint[], :unread::integer[], :lastInbound::timestamptz[],
				:waiting::timestamptz[], :activity::timestamptz[], :lastText::text[], :slaStates::text[],
				:slaTargets::text[], :firstDue::timestamptz[], :nextDue::timestamptz[], :atRisk::timestamptz[],
				:firstReplied::timestamptz[], :idleDue::timestamptz[], :slaCheck::timestamptz[])
				AS s(id, version, unread, last_inbound, waiting, activity, last_text, sla_state, sla_target, first_due,
				next_due, at_risk, first_replied, idle_due, sla_check)
				WHERE c.id = s.id AND c.version = s.version""")
			.bind("ids", ids)
			.bind("versions", versions)
			.bind("unread", unread)
			.bind("lastInbound", lastInbound)
			.bind("waiting", waiting)
			.bind("activity", activity)
			.bind("lastText", lastText)
			.bind("slaStates", slaStates)
			.bind("slaTargets", slaTargets)
			.bind("firstDue", firstDue)
			.bind("nextDue", nextDue)
			.bind("atRisk", atRisk)
			.bind("firstReplied", firstReplied)
			.bind("idleDue", idleDue)
			.bind("slaCheck", slaCheck)
			.fetch()
			.rowsUpdated()
			.map((updated) -> {
				if (updated != size) {
					throw versionConflict(changed.get(0).version());
				}
				return changed.stream().map((c) -> withVersion(c, c.version() + 1)).toList();
			});
	}

	/**
	 * Which latest conversation {@link #lockLatestAll} locks.
	 *
	 * @param tenantId the tenant
	 * @param phoneNumberId the business number
	 * @param contactId the contact
	 */
	record LatestKey(String tenantId, String phoneNumberId, UUID contactId) {
	}

	/** The contact's open conversation on the number, if any. */
	Mono<UUID> activeOf(String tenantId, String phoneNumberId, UUID contactId) {
		return this.database.sql("""
				SELECT id FROM conversations WHERE tenant_id = :tenantId AND phone_number_id = :number
				AND contact_id = :contactId AND status IN ('OPEN', 'ASSIGNED')""")
			.bind("tenantId", tenantId)
			.bind("number", phoneNumberId)
			.bind("contactId", contactId)
			.map((row) -> row.get("id", UUID.class))
			.one();
	}

	/** Inserts a new conversation (version 0), in its queue if it has one. */
	Mono<Void> insert(Conversation conversation) {
		GenericExecuteSpec insert = this.database
			.sql("""
					INSERT INTO conversations (id, tenant_id, channel_id, phone_number_id, contact_id, status, priority,
					tags, unread_count, previous_conversation_id, last_inbound_at, waiting_since, last_activity_at,
					last_text, created_at, updated_at, version, queue_id, %s)
					VALUES (:id, :tenantId, :channelId, :number, :contactId, :status, :priority, :tags, :unread, :previous,
					:lastInbound, :waiting, :activity, :lastText, :createdAt, :createdAt, 0, :queueId, %s)"""
				.formatted(SLA_COLUMNS, SLA_VALUES))
			.bind("id", conversation.id())
			.bind("tenantId", conversation.tenantId())
			.bind("number", conversation.phoneNumberId())
			.bind("contactId", conversation.contactId())
			.bind("status", conversation.status().name())
			.bind("priority", (short) conversation.priority().ordinal())
			.bind("tags", conversation.tags().toArray(new String[0]))
			.bind("unread", conversation.unreadCount())
			.bind("activity", conversation.lastActivityAt())
			.bind("createdAt", conversation.createdAt());
		insert = nullable(insert, "channelId", conversation.channelId(), String.class);
		insert = nullable(insert, "previous", conversation.previousConversationId(), UUID.class);
		insert = nullable(insert, "lastInbound", conversation.lastInboundAt(), Instant.class);
		insert = nullable(insert, "waiting", conversation.waitingSince(), Instant.class);
		insert = nullable(insert, "lastText", conversation.lastText(), String.class);
		insert = nullable(insert, "queueId", conversation.queueId(), UUID.class);
		return sla(insert, conversation.sla()).then();
	}

	/**
	 * Writes the changed conversation if nobody changed it since it was read.
	 * @return the conversation as written (version one up)
	 * @throws ApiProblem 409 {@code VERSION_CONFLICT} when the version moved on
	 */
	Mono<Conversation> save(Conversation changed) {
		GenericExecuteSpec update = this.database.sql("""
				UPDATE conversations SET status = :status, assignee_id = :assignee, priority = :priority, tags = :tags,
				unread_count = :unread, reopen_count = :reopens, last_inbound_at = :lastInbound,
				waiting_since = :waiting, last_activity_at = :activity, last_text = :lastText,
				resolved_at = :resolved, archived_at = :archived, updated_at = now(), version = version + 1,
				%s
				WHERE id = :id AND version = :version""".formatted(SLA_ASSIGNMENTS))
			.bind("id", changed.id())
			.bind("version", changed.version())
			.bind("status", changed.status().name())
			.bind("priority", (short) changed.priority().ordinal())
			.bind("tags", changed.tags().toArray(new String[0]))
			.bind("unread", changed.unreadCount())
			.bind("reopens", changed.reopenCount())
			.bind("activity", changed.lastActivityAt());
		update = nullable(update, "assignee", changed.assigneeId(), String.class);
		update = nullable(update, "lastInbound", changed.lastInboundAt(), Instant.class);
		update = nullable(update, "waiting", changed.waitingSince(), Instant.class);
		update = nullable(update, "lastText", changed.lastText(), String.class);
		update = nullable(update, "resolved", changed.resolvedAt(), Instant.class);
		update = nullable(update, "archived", changed.archivedAt(), Instant.class);
		update = sla(update, changed.sla());
		return update.fetch().rowsUpdated().map((updated) -> {
			if (updated == 0) {
				throw versionConflict(changed.version());
			}
			return withVersion(changed, changed.version() + 1);
		});
	}

	static ApiProblem versionConflict(long expected) {
		return new ApiProblem(HttpStatus.CONFLICT, "VERSION_CONFLICT",
				"The conversation changed since version " + expected + ": read it again and retry");
	}

	static Conversation withVersion(Conversation c, long version) {
		return new Conversation(c.id(), c.tenantId(), c.channelId(), c.phoneNumberId(), c.contactId(), c.contactPhone(),
				c.contactUserId(), c.contactName(), c.status(), c.assigneeId(), c.priority(), c.tags(), c.unreadCount(),
				c.reopenCount(), c.previousConversationId(), c.lastInboundAt(), c.waitingSince(), c.lastActivityAt(),
				c.lastText(), c.resolvedAt(), c.archivedAt(), c.createdAt(), version, c.sla(), c.queueId());
	}

	private static <T> GenericExecuteSpec nullable(GenericExecuteSpec spec, String name, T value, Class<T> type) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, type);
	}

	static Conversation conversation(Readable row) {
		String[] tags = row.get("tags", String[].class);
		Short priority = row.get("priority", Short.class);
		return new Conversation(row.get("id", UUID.class), row.get("tenant_id", String.class),
				row.get("channel_id", String.class), row.get("phone_number_id", String.class),
				row.get("contact_id", UUID.class), row.get("contact_phone", String.class),
				row.get("contact_user_id", String.class), row.get("contact_name", String.class),
				ConversationStatus.valueOf(row.get("status", String.class)), row.get("assignee_id", String.class),
				Priority.values()[(priority != null) ? priority : 0], (tags != null) ? Arrays.asList(tags) : List.of(),
				row.get("unread_count", Integer.class), row.get("reopen_count", Integer.class),
				row.get("previous_conversation_id", UUID.class), row.get("last_inbound_at", Instant.class),
				row.get("waiting_since", Instant.class), row.get("last_activity_at", Instant.class),
				row.get("last_text", String.class), row.get("resolved_at", Instant.class),
				row.get("archived_at", Instant.class), row.get("created_at", Instant.class),
				row.get("version", Long.class), sla(row), row.get("queue_id", UUID.class));
	}

	private static SlaClock sla(Readable row) {
		String state = row.get("sla_state", String.class);
		String target = row.get("sla_target", String.class);
		return new SlaClock((state != null) ? SlaState.valueOf(state) : null,
				(target != null) ? SlaTarget.valueOf(target) : null, row.get("first_response_due_at", Instant.class),
				row.get("next_response_due_at", Instant.class), row.get("sla_at_risk_at", Instant.class),
				row.get("first_replied_at", Instant.class), row.get("idle_due_at", Instant.class));
	}

	/** Binds the clock's columns and the monitor's next look ({@code sla_check_at}). */
	private static GenericExecuteSpec sla(GenericExecuteSpec spec, SlaClock clock) {
		spec = nullable(spec, "slaState", (clock.state() != null) ? clock.state().name() : null, String.class);
		spec = nullable(spec, "slaTarget", (clock.running() != null) ? clock.running().name() : null, String.class);
		spec = nullable(spec, "firstDue", clock.firstResponseDueAt(), Instant.class);
		spec = nullable(spec, "nextDue", clock.nextResponseDueAt(), Instant.class);
		spec = nullable(spec, "atRisk", clock.atRiskAt(), Instant.class);
		spec = nullable(spec, "firstReplied", clock.firstRepliedAt(), Instant.class);
		spec = nullable(spec, "idleDue", clock.idleDueAt(), Instant.class);
		return nullable(spec, "slaCheck", clock.checkAt(), Instant.class);
	}

}
