package dev.switchboard.workflows.definitions;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.Uuids;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The workflows of every tenant, each with all its versions. Saving a version also
 * (re)schedules or unschedules its cron trigger in the same transaction.
 */
@Component
public class Workflows {

	private static final String COLUMNS = "w.id, w.tenant_id, w.name, w.version, w.enabled, w.trigger_type, "
			+ "w.created_at, w.updated_at, v.definition";

	/**
	 * How long a replica matches events against the enabled workflows it read: a change
	 * made on this replica applies at once, one made on another at most this much later.
	 */
	static final Duration ENABLED_FOR = Duration.ofSeconds(2);

	/** Versions never change: each is read from the database once per replica. */
	private final Map<String, WorkflowVersion> versions = new ConcurrentHashMap<>();

	/**
	 * The enabled workflows per tenant and trigger type: without it every event of a busy
	 * tenant would read them again.
	 */
	private final AsyncCache<String, List<WorkflowVersion>> enabled = Caffeine.newBuilder()
		.expireAfterWrite(ENABLED_FOR)
		.maximumSize(100_000)
		.buildAsync();

	private final DatabaseClient database;

	private final TransactionalOperator transactions;

	Workflows(DatabaseClient database, TransactionalOperator transactions) {
		this.database = database;
		this.transactions = transactions;
	}

	Mono<Workflow> create(String tenantId, Definition definition) {
		UUID id = Uuids.random();
		Instant now = now();
		Mono<Void> insert = this.database
			.sql("INSERT INTO workflows (id, tenant_id, name, version, enabled, trigger_type, created_at, updated_at) "
					+ "VALUES (:id, :tenant, :name, 1, true, :trigger, :now, :now)")
			.bind("id", id)
			.bind("tenant", tenantId)
			.bind("name", definition.name())
			.bind("trigger", definition.trigger().type())
			.bind("now", now)
			.then();
		return insert.then(insertVersion(id, 1, definition, now))
			.then(schedule(id, tenantId, 1, true, definition, now))
			.then(find(tenantId, id))
			.as(this.transactions::transactional)
			.doOnSuccess((saved) -> forgetEnabled(tenantId));
	}

	/** Stores a new version; empty when the tenant has no such workflow. */
	Mono<Workflow> update(String tenantId, UUID id, Definition definition) {
		Instant now = now();
		return this.database
			.sql("UPDATE workflows SET version = version + 1, name = :name, trigger_type = :trigger, updated_at = :now "
					+ "WHERE id = :id AND tenant_id = :tenant RETURNING version, enabled")
			.bind("id", id)
			.bind("tenant", tenantId)
			.bind("name", definition.name())
			.bind("trigger", definition.trigger().type())
			.bind("now", now)
			.map((row) -> Map.entry(row.get("version", Integer.class), row.get("enabled", Boolean.class)))
			.one()
			.flatMap((saved) -> insertVersion(id, saved.getKey(), definition, now)
				.then(schedule(id, tenantId, saved.getKey(), saved.getValue(), definition, now)))
			.then(find(tenantId, id))
			.as(this.transactions::transactional)
			.doOnSuccess((saved) -> forgetEnabled(tenantId));
	}

	/** Turns triggers on or off; empty when the tenant has no such workflow. */
	Mono<Workflow> enable(String tenantId, UUID id, boolean enabled) {
		Instant now = now();
		return this.database
			.sql("UPDATE workflows SET enabled = :enabled, updated_at = :now WHERE id = :id AND tenant_id = :tenant "
					+ "RETURNING version")
			.bind("id", id)
			.bind("tenant", tenantId)
			.bind("enabled", enabled)
			.bind("now", now)
			.map((row) -> row.get("version", Integer.class))
			.one()
			.flatMap((version) -> version(id, version)
				.flatMap((current) -> schedule(id, tenantId, version, enabled, current.definition(), now)))
			.then(find(tenantId, id))
			.as(this.transactions::transactional)
			.doOnSuccess((saved) -> forgetEnabled(tenantId));
	}

	/**
	 * The tenant's workflow; empty for another tenant's (answered 404 like a missing
	 * one).
	 */
	public Mono<Workflow> find(String tenantId, UUID id) {
		return this.database
			.sql("SELECT " + COLUMNS + " FROM workflows w JOIN workflow_versions v "
					+ "ON v.workflow_id = w.id AND v.version = w.version WHERE w.id = :id AND w.tenant_id = :tenant")
			.bind("id", id)
			.bind("tenant", tenantId)
			.map(Workflows::workflow)
			.one();
	}

	Flux<Workflow> list(String tenantId, int limit) {
		return this.database
			.sql("SELECT " + COLUMNS + " FROM workflows w JOIN workflow_versions v "
					+ "ON v.workflow_id = w.id AND v.version = w.version WHERE w.tenant_id = :tenant "
					+ "ORDER BY w.created_at DESC, w.id LIMIT :limit")
			.bind("tenant", tenantId)
			.bind("limit", limit)
			.map(Workflows::workflow)
			.all();
	}

	/** One version of a workflow (a run's), read once per replica. */
	public Mono<WorkflowVersion> version(UUID workflowId, int version) {
		String key = workflowId + ":" + version;
		WorkflowVersion known = this.versions.get(key);
		if (known != null) {
			return Mono.just(known);
		}
		return this.database
			.sql("SELECT w.tenant_id, v.definition FROM workflow_versions v JOIN workflows w ON w.id = v.workflow_id "
					+ "WHERE v.workflow_id = :id AND v.version = :version")
			.bind("id", workflowId)
			.bind("version", version)
			.map((row) -> new WorkflowVersion(workflowId, row.get("tenant_id", String.class), version,
					Definition.of(document(row))))
			.one()
			.doOnNext((loaded) -> this.versions.putIfAbsent(key, loaded));
	}

	/**
	 * The current versions of the tenant's enabled workflows started by {@code trigger}.
	 */
	public Flux<WorkflowVersion> enabledFor(String tenantId, String trigger) {
		// A failed read is not kept: the next event reads again.
		return Mono
			.fromFuture(() -> this.enabled.get(tenantId + ":" + trigger,
					(key, executor) -> readEnabled(tenantId, trigger).collectList().toFuture()), true)
			.flatMapMany(Flux::fromIterable);
	}

	private Flux<WorkflowVersion> readEnabled(String tenantId, String trigger) {
		return this.database
			.sql("SELECT id, version FROM workflows WHERE tenant_id = :tenant AND trigger_type = :trigger AND enabled")
			.bind("tenant", tenantId)
			.bind("trigger", trigger)
			.map((row) -> Map.entry(row.get("id", UUID.class), row.get("version", Integer.class)))
			.all()
			.collectList()
			.flatMapMany(Flux::fromIterable)
			.concatMap((current) -> version(current.getKey(), current.getValue()));
	}

	private void forgetEnabled(String tenantId) {
		this.enabled.synchronous().asMap().keySet().removeIf((key) -> key.startsWith(tenantId + ":"));
	}

	private Mono<Void> insertVersion(UUID id, int version, Definition definition, Instant now) {
		return this.database
			.sql("INSERT INTO workflow_versions (workflow_id, version, definition, created_at) "
					+ "VALUES (:id, :version, :definition, :now)")
			.bind("id", id)
			.bind("version", version)
			.bind("definition", Json.of(EventJson.write(definition.document())))
			.bind("now", now)
			.then();
	}

	/**
	 * A cron workflow that is enabled gets its next fire after now (a new version keeps
	 * no fire of the old one); any other workflow has no schedule.
	 */
	private Mono<Void> schedule(UUID id, String tenantId, int version, boolean enabled, Definition definition,
			Instant now) {
		Mono<Void> unschedule = this.database.sql("DELETE FROM cron_schedules WHERE workflow_id = :id")
			.bind("id", id)
			.then();
		if (!enabled || !TriggerSpec.CRON.equals(definition.trigger().type())) {
			return unschedule;
		}
		return definition.trigger()
			.nextFire(now)
			.map((next) -> this.database
				.sql("INSERT INTO cron_schedules (workflow_id, tenant_id, version, next_fire_at) "
						+ "VALUES (:id, :tenant, :version, :next) ON CONFLICT (workflow_id) DO UPDATE "
						+ "SET version = EXCLUDED.version, next_fire_at = EXCLUDED.next_fire_at")
				.bind("id", id)
				.bind("tenant", tenantId)
				.bind("version", version)
				.bind("next", next)
				.then())
			.orElse(unschedule);
	}

	private static Workflow workflow(Readable row) {
		return new Workflow(row.get("id", UUID.class), row.get("tenant_id", String.class),
				row.get("name", String.class), row.get("version", Integer.class), row.get("enabled", Boolean.class),
				row.get("trigger_type", String.class), document(row), row.get("created_at", Instant.class),
				row.get("updated_at", Instant.class));
	}

	private static Map<String, Object> document(Readable row) {
		return EventJson.mapper()
			.readValue(row.get("definition", Json.class).asArray(), new TypeReference<Map<String, Object>>() {
			});
	}

	private static Instant now() {
		// PostgreSQL keeps microseconds: answers equal what is read back later.
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

}
