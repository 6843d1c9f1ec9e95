package dev.switchboard.messaging.inbox.agents;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.events.EventJson;
import dev.switchboard.events.Uuids;
import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.ApiProblem.FieldProblem;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Queue rows and their members. Another tenant's queue is a missing one.
 */
@Component
class Queues {

	private static final String SELECT = """
			SELECT q.id, q.name, q.mode, q.business_hours, q.sla_policy, q.active, q.created_at, q.updated_at,
			q.version, ARRAY(SELECT m.agent_id FROM queue_members m WHERE m.tenant_id = q.tenant_id
			AND m.queue_id = q.id ORDER BY m.agent_id) AS members, q.is_default,
			ARRAY(SELECT n.phone_number_id FROM queue_phone_numbers n WHERE n.tenant_id = q.tenant_id
			AND n.queue_id = q.id ORDER BY n.phone_number_id) AS phone_number_ids
			FROM queues q""";

	private final DatabaseClient database;

	private final TransactionalOperator transactions;

	Queues(DatabaseClient database, TransactionalOperator transactions) {
		this.database = database;
		this.transactions = transactions;
	}

	Mono<Queue> find(String tenantId, UUID id) {
		return this.database.sql(SELECT + " WHERE q.tenant_id = :tenantId AND q.id = :id")
			.bind("tenantId", tenantId)
			.bind("id", id)
			.map(Queues::queue)
			.one();
	}

	Flux<Queue> list(String tenantId) {
		return this.database.sql(SELECT + " WHERE q.tenant_id = :tenantId ORDER BY q.created_at, q.id")
			.bind("tenantId", tenantId)
			.map(Queues::queue)
			.all();
	}

	Mono<Queue> create(String tenantId, QueueChange change) {
		UUID id = Uuids.random();
		Instant now = Instant.now();
		GenericExecuteSpec insert = this.database.sql("""
				INSERT INTO queues (tenant_id, id, name, mode, business_hours, sla_policy, active, created_at,
				updated_at) VALUES (:tenantId, :id, :name, :mode, :hours, :sla, true, :now, :now)""")
			.bind("tenantId", tenantId)
			.bind("id", id)
			.bind("name", change.name())
			.bind("mode", ((change.mode() != null) ? change.mode() : QueueMode.ROUND_ROBIN).name())
			.bind("hours", json(change.businessHours()))
			.bind("sla", json(change.slaPolicy()))
			.bind("now", now);
		return this.transactions
			.transactional(insert.then()
				.then((change.members() != null) ? members(tenantId, id, change.members()) : Mono.empty())
				.then(routing(tenantId, id, change))
				.then(find(tenantId, id)))
			.onErrorMap(DuplicateKeyException.class, Queues::conflict);
	}

	/** Applies the fields the change sets; empty when the tenant has no such queue. */
	Mono<Queue> update(String tenantId, UUID id, QueueChange change) {
		GenericExecuteSpec update = this.database.sql("""
				UPDATE queues SET name = COALESCE(:name, name), mode = COALESCE(:mode, mode),
				business_hours = COALESCE(:hours, business_hours), sla_policy = COALESCE(:sla, sla_policy),
				active = COALESCE(:active, active), updated_at = :now, version = version + 1
				WHERE tenant_id = :tenantId AND id = :id""")
			.bind("tenantId", tenantId)
			.bind("id", id)
			.bind("name", Parameter.fromOrEmpty(change.name(), String.class))
			.bind("mode", Parameter.fromOrEmpty((change.mode() != null) ? change.mode().name() : null, String.class))
			.bind("hours", json(change.businessHours()))
			.bind("sla", json(change.slaPolicy()))
			.bind("active", Parameter.fromOrEmpty(change.active(), Boolean.class))
			.bind("now", Instant.now());
		return this.transactions
			.transactional(update.fetch()
				.rowsUpdated()
				.flatMap((rows) -> (rows == 0) ? Mono.<Queue>empty()
						: ((change.members() != null) ? members(tenantId, id, change.members()) : Mono.<Void>empty())
							.then(routing(tenantId, id, change))
							.then(find(tenantId, id))))
			.onErrorMap(DuplicateKeyException.class, Queues::conflict);
	}

	/**
	 * Replaces the queue's members; an agent the tenant does not have is a validation
	 * failure.
	 */
	private Mono<Void> members(String tenantId, UUID queueId, List<UUID> agents) {
		UUID[] ids = agents.toArray(UUID[]::new);
		return this.database.sql("SELECT count(*) AS known FROM agents WHERE tenant_id = :tenantId AND id = ANY(:ids)")
			.bind("tenantId", tenantId)
			.bind("ids", ids)
			.map((row) -> row.get("known", Long.class))
			.one()
			.flatMap((known) -> {
				if (known != ids.length) {
					return Mono.error(ApiProblem
						.validationFailed(List.of(new FieldProblem("members", "must name agents of this tenant"))));
				}
				return this.database
					.sql("DELETE FROM queue_members WHERE tenant_id = :tenantId AND queue_id = :queueId")
					.bind("tenantId", tenantId)
					.bind("queueId", queueId)
					.then()
					.then(this.database.sql("""
							INSERT INTO queue_members (tenant_id, queue_id, agent_id)
							SELECT :tenantId, :queueId, a FROM unnest(:ids) AS a ON CONFLICT DO NOTHING""")
						.bind("tenantId", tenantId)
						.bind("queueId", queueId)
						.bind("ids", ids)
						.then());
			});
	}

	/**
	 * The numbers the queue claims (replacing its list) and whether it is the tenant's
	 * default queue (taking the default from the queue that had it).
	 */
	private Mono<Void> routing(String tenantId, UUID queueId, QueueChange change) {
		Mono<Void> numbers = (change.phoneNumberIds() == null) ? Mono.empty()
				: phoneNumbers(tenantId, queueId, change.phoneNumberIds());
		if (change.defaultQueue() == null) {
			return numbers;
		}
		Mono<Void> previous = this.database.sql("""
				UPDATE queues SET is_default = false, updated_at = :now, version = version + 1
				WHERE tenant_id = :tenantId AND is_default AND id <> :id""")
			.bind("tenantId", tenantId)
			.bind("id", queueId)
			.bind("now", Instant.now())
			.then();
		Mono<Void> own = this.database
			.sql("UPDATE queues SET is_default = :isDefault WHERE tenant_id = :tenantId AND id = :id")
			.bind("tenantId", tenantId)
			.bind("id", queueId)
			.bind("isDefault", change.defaultQueue())
			.then();
		return numbers.then(change.defaultQueue() ? previous : Mono.empty()).then(own);
	}

	/**
	 * Replaces the numbers the queue claims; a number another queue of the tenant claims
	 * is a conflict.
	 */
	private Mono<Void> phoneNumbers(String tenantId, UUID queueId, List<String> phoneNumberIds) {
		String[] ids = phoneNumberIds.toArray(String[]::new);
		return this.database.sql("""
				SELECT phone_number_id, queue_id FROM queue_phone_numbers WHERE tenant_id = :tenantId
				AND phone_number_id = ANY(:ids) AND queue_id <> :queueId ORDER BY phone_number_id LIMIT 1""")
			.bind("tenantId", tenantId)
			.bind("ids", ids)
			.bind("queueId", queueId)
			.map((row) -> alreadyRouted(row.get("phone_number_id", String.class), row.get("queue_id", UUID.class)))
			.one()
			.flatMap(Mono::<Void>error)
			.then(this.database
				.sql("DELETE FROM queue_phone_numbers WHERE tenant_id = :tenantId AND queue_id = :queueId")
				.bind("tenantId", tenantId)
				.bind("queueId", queueId)
				.then())
			.then(this.database.sql("""
					INSERT INTO queue_phone_numbers (tenant_id, phone_number_id, queue_id)
					SELECT :tenantId, n, :queueId FROM unnest(:ids) AS n""")
				.bind("tenantId", tenantId)
				.bind("queueId", queueId)
				.bind("ids", ids)
				.then());
	}

	private static ApiProblem alreadyRouted(String phoneNumberId, UUID queueId) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("field", "phoneNumberIds");
		properties.put("phoneNumberId", phoneNumberId);
		if (queueId != null) {
			properties.put("queueId", queueId.toString());
		}
		return new ApiProblem(HttpStatus.CONFLICT, "PHONE_NUMBER_ALREADY_ROUTED",
				"Number " + phoneNumberId + " is routed to another queue of the tenant: remove it there first",
				properties);
	}

	/** Which unique rule a write broke (a concurrent write may pass the checks). */
	private static ApiProblem conflict(DuplicateKeyException ex) {
		String message = String.valueOf(ex.getMessage());
		if (message.contains("queue_phone_numbers_pkey")) {
			return alreadyRouted("(one of phoneNumberIds)", null);
		}
		if (message.contains("queues_one_default")) {
			return new ApiProblem(HttpStatus.CONFLICT, "DEFAULT_QUEUE_CHANGED",
					"Another queue became the tenant's default meanwhile: read the queues and retry",
					Map.of("field", "default"));
		}
		return new ApiProblem(HttpStatus.CONFLICT, "QUEUE_NAME_TAKEN", "The tenant has a queue of that name");
	}

	private static Parameter json(Map<String, Object> value) {
		return (value != null) ? Parameter.from(Json.of(EventJson.write(value))) : Parameter.empty(Json.class);
	}

	private static Object read(Readable row, String column) {
		Json json = row.get(column, Json.class);
		return (json != null) ? EventJson.read(json.asArray(), Object.class) : null;
	}

	private static Queue queue(Readable row) {
		UUID[] members = row.get("members", UUID[].class);
		String[] numbers = row.get("phone_number_ids", String[].class);
		return new Queue(row.get("id", UUID.class), row.get("name", String.class),
				QueueMode.valueOf(row.get("mode", String.class)), (members != null) ? List.of(members) : List.of(),
				read(row, "business_hours"), read(row, "sla_policy"),
				Boolean.TRUE.equals(row.get("active", Boolean.class)), (numbers != null) ? List.of(numbers) : List.of(),
				Boolean.TRUE.equals(row.get("is_default", Boolean.class)), row.get("created_at", Instant.class),
				row.get("updated_at", Instant.class), row.get("version", Long.class));
	}

	/**
	 * What a create or update sets; {@code null} leaves a field as it is (or its
	 * default).
	 *
	 * @param name the name
	 * @param mode how conversations are handed out
	 * @param members the member agents (replacing the list)
	 * @param businessHours the calendar (shape checked by {@code BusinessHours}), stored
	 * as given
	 * @param slaPolicy the SLA targets (shape checked by {@code SlaPolicy}), stored as
	 * given
	 * @param active whether the queue takes conversations
	 * @param phoneNumberIds the numbers whose new conversations open in the queue
	 * (replacing the list)
	 * @param defaultQueue whether the queue takes the new conversations of unclaimed
	 * numbers
	 */
	record QueueChange(String name, QueueMode mode, List<UUID> members, Map<String, Object> businessHours,
			Map<String, Object> slaPolicy, Boolean active, List<String> phoneNumberIds, Boolean defaultQueue) {
	}

}
