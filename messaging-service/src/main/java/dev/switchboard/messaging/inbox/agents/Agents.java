package dev.switchboard.messaging.inbox.agents;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import dev.switchboard.events.Uuids;
import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.ApiProblem.FieldProblem;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Agent rows and their queue memberships. Another tenant's agent is a missing one.
 */
@Component
class Agents {

	private static final String SELECT = """
			SELECT a.id, a.name, a.email, a.role, a.capacity, a.availability, a.active, a.created_at, a.updated_at,
			a.version, ARRAY(SELECT m.queue_id FROM queue_members m WHERE m.tenant_id = a.tenant_id
			AND m.agent_id = a.id ORDER BY m.queue_id) AS queues
			FROM agents a""";

	private final DatabaseClient database;

	private final TransactionalOperator transactions;

	Agents(DatabaseClient database, TransactionalOperator transactions) {
		this.database = database;
		this.transactions = transactions;
	}

	static UUID parseId(String id) {
		try {
			return (id != null) ? UUID.fromString(id) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	Mono<Agent> find(String tenantId, UUID id) {
		return this.database.sql(SELECT + " WHERE a.tenant_id = :tenantId AND a.id = :id")
			.bind("tenantId", tenantId)
			.bind("id", id)
			.map(Agents::agent)
			.one();
	}

	Flux<Agent> list(String tenantId) {
		return this.database.sql(SELECT + " WHERE a.tenant_id = :tenantId ORDER BY a.created_at, a.id")
			.bind("tenantId", tenantId)
			.map(Agents::agent)
			.all();
	}

	Mono<Agent> create(String tenantId, AgentChange change) {
		UUID id = Uuids.random();
		Instant now = Instant.now();
		Mono<Long> insert = this.database
			.sql("""
					INSERT INTO agents (tenant_id, id, name, email, role, capacity, availability, active, created_at,
					updated_at) VALUES (:tenantId, :id, :name, :email, :role, :capacity, :availability, true, :now, :now)""")
			.bind("tenantId", tenantId)
			.bind("id", id)
			.bind("name", change.name())
			.bind("email", Parameter.fromOrEmpty(change.email(), String.class))
			.bind("role", change.role().name())
			.bind("capacity", (change.capacity() != null) ? change.capacity() : 6)
			.bind("availability", ((change.availability() != null) ? change.availability() : Availability.AWAY).name())
			.bind("now", now)
			.fetch()
			.rowsUpdated();
		return this.transactions.transactional(
				insert.then((change.queues() != null) ? memberships(tenantId, id, change.queues()) : Mono.empty())
					.then(find(tenantId, id)));
	}

	/** Applies the fields the change sets; empty when the tenant has no such agent. */
	Mono<Agent> update(String tenantId, UUID id, AgentChange change) {
		Mono<Long> update = this.database.sql("""
				UPDATE agents SET name = COALESCE(:name, name), email = COALESCE(:email, email),
				role = COALESCE(:role, role), capacity = COALESCE(:capacity, capacity),
				availability = COALESCE(:availability, availability), active = COALESCE(:active, active),
				updated_at = :now, version = version + 1 WHERE tenant_id = :tenantId AND id = :id""")
			.bind("tenantId", tenantId)
			.bind("id", id)
			.bind("name", Parameter.fromOrEmpty(change.name(), String.class))
			.bind("email", Parameter.fromOrEmpty(change.email(), String.class))
			.bind("role", Parameter.fromOrEmpty((change.role() != null) ? change.role().name() : null, String.class))
			.bind("capacity", Parameter.fromOrEmpty(change.capacity(), Integer.class))
			.bind("availability",
					Parameter.fromOrEmpty((change.availability() != null) ? change.availability().name() : null,
							String.class))
			.bind("active", Parameter.fromOrEmpty(change.active(), Boolean.class))
			.bind("now", Instant.now())
			.fetch()
			.rowsUpdated();
		return this.transactions.transactional(update.flatMap((rows) -> (rows == 0) ? Mono.<Agent>empty()
				: ((change.queues() != null) ? memberships(tenantId, id, change.queues()) : Mono.<Void>empty())
					.then(find(tenantId, id))));
	}

	/**
	 * Replaces the agent's queues; a queue the tenant does not have is a validation
	 * failure.
	 */
	private Mono<Void> memberships(String tenantId, UUID agentId, List<UUID> queues) {
		UUID[] ids = queues.toArray(UUID[]::new);
		return this.database.sql("SELECT count(*) AS known FROM queues WHERE tenant_id = :tenantId AND id = ANY(:ids)")
			.bind("tenantId", tenantId)
			.bind("ids", ids)
			.map((row) -> row.get("known", Long.class))
			.one()
			.flatMap((known) -> {
				if (known != Arrays.stream(ids).distinct().count()) {
					return Mono.error(ApiProblem
						.validationFailed(List.of(new FieldProblem("queues", "must name queues of this tenant"))));
				}
				return this.database
					.sql("DELETE FROM queue_members WHERE tenant_id = :tenantId AND agent_id = :agentId")
					.bind("tenantId", tenantId)
					.bind("agentId", agentId)
					.then()
					.then(this.database.sql("""
							INSERT INTO queue_members (tenant_id, queue_id, agent_id)
							SELECT :tenantId, q, :agentId FROM unnest(:ids) AS q ON CONFLICT DO NOTHING""")
						.bind("tenantId", tenantId)
						.bind("agentId", agentId)
						.bind("ids", ids)
						.then());
			});
	}

	private static Agent agent(Readable row) {
		UUID[] queues = row.get("queues", UUID[].class);
		return new Agent(row.get("id", UUID.class), row.get("name", String.class), row.get("email", String.class),
				AgentRole.valueOf(row.get("role", String.class)), (queues != null) ? List.of(queues) : List.of(),
				row.get("capacity", Integer.class), Availability.valueOf(row.get("availability", String.class)),
				Boolean.TRUE.equals(row.get("active", Boolean.class)), row.get("created_at", Instant.class),
				row.get("updated_at", Instant.class), row.get("version", Long.class));
	}

	/**
	 * What a create or update sets; {@code null} leaves a field as it is (or its
	 * default).
	 *
	 * @param name the display name
	 * @param email the e-mail address
	 * @param role the role
	 * @param queues the queues (replacing the list)
	 * @param capacity the open conversations the agent takes at most
	 * @param availability whether the agent takes conversations now
	 * @param active whether the agent may act
	 */
	record AgentChange(String name, String email, AgentRole role, List<UUID> queues, Integer capacity,
			Availability availability, Boolean active) {

		/** Whether the change touches anything but the availability. */
		boolean beyondAvailability() {
			return this.name != null || this.email != null || this.role != null || this.queues != null
					|| this.capacity != null || this.active != null;
		}

	}

}
