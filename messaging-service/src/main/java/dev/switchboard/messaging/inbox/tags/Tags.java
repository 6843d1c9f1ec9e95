package dev.switchboard.messaging.inbox.tags;

import java.time.Instant;
import java.util.UUID;

import dev.switchboard.events.Uuids;
import dev.switchboard.http.problem.ApiProblem;
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
 * Catalogue rows. Another tenant's tag is a missing one. A rename or deletion reaches the
 * conversations carrying the tag in the same transaction.
 */
@Component
class Tags {

	private static final String SELECT = """
			SELECT id, name, description, color, created_at, updated_at, version FROM tags""";

	private final DatabaseClient database;

	private final TransactionalOperator transactions;

	private final TaggedConversations conversations;

	Tags(DatabaseClient database, TransactionalOperator transactions, TaggedConversations conversations) {
		this.database = database;
		this.transactions = transactions;
		this.conversations = conversations;
	}

	Flux<Tag> list(String tenantId) {
		return this.database.sql(SELECT + " WHERE tenant_id = :tenantId ORDER BY lower(name), id")
			.bind("tenantId", tenantId)
			.map(Tags::tag)
			.all();
	}

	Mono<Tag> find(String tenantId, UUID id) {
		return this.database.sql(SELECT + " WHERE tenant_id = :tenantId AND id = :id")
			.bind("tenantId", tenantId)
			.bind("id", id)
			.map(Tags::tag)
			.one();
	}

	Mono<Tag> create(String tenantId, TagChange change) {
		UUID id = Uuids.random();
		Instant now = Instant.now();
		GenericExecuteSpec insert = this.database.sql("""
				INSERT INTO tags (tenant_id, id, name, description, color, created_at, updated_at)
				VALUES (:tenantId, :id, :name, :description, :color, :now, :now)""")
			.bind("tenantId", tenantId)
			.bind("id", id)
			.bind("name", change.name())
			.bind("description", Parameter.fromOrEmpty(change.description(), String.class))
			.bind("color", Parameter.fromOrEmpty(change.color(), String.class))
			.bind("now", now);
		return insert.then()
			.then(find(tenantId, id))
			.onErrorMap(DuplicateKeyException.class, (ex) -> nameTaken(change.name()));
	}

	/**
	 * Applies the fields the change sets; a new name (also a new case) is carried by
	 * every conversation that had the old one. Empty when the tenant has no such tag.
	 */
	Mono<Tag> update(String tenantId, UUID id, TagChange change, String actorId) {
		Mono<Tag> update = this.database
			.sql("SELECT name FROM tags WHERE tenant_id = :tenantId AND id = :id FOR UPDATE")
			.bind("tenantId", tenantId)
			.bind("id", id)
			.map((row) -> row.get("name", String.class))
			.one()
			.flatMap((before) -> this.database.sql("""
					UPDATE tags SET name = COALESCE(:name, name), description = COALESCE(:description, description),
					color = COALESCE(:color, color), updated_at = :now, version = version + 1
					WHERE tenant_id = :tenantId AND id = :id""")
				.bind("tenantId", tenantId)
				.bind("id", id)
				.bind("name", Parameter.fromOrEmpty(change.name(), String.class))
				.bind("description", Parameter.fromOrEmpty(change.description(), String.class))
				.bind("color", Parameter.fromOrEmpty(change.color(), String.class))
				.bind("now", Instant.now())
				.then()
				.then((change.name() != null && !change.name().equals(before))
						? this.conversations.retag(tenantId, before, change.name(), actorId) : Mono.empty())
				.then(find(tenantId, id)));
		return this.transactions.transactional(update)
			.onErrorMap(DuplicateKeyException.class, (ex) -> nameTaken(change.name()));
	}

	/**
	 * Deletes the tag and takes it off every conversation; false when the tenant has no
	 * such tag.
	 */
	Mono<Boolean> delete(String tenantId, UUID id, String actorId) {
		Mono<Boolean> delete = this.database
			.sql("DELETE FROM tags WHERE tenant_id = :tenantId AND id = :id RETURNING name")
			.bind("tenantId", tenantId)
			.bind("id", id)
			.map((row) -> row.get("name", String.class))
			.one()
			.flatMap((name) -> this.conversations.retag(tenantId, name, null, actorId).thenReturn(true))
			.defaultIfEmpty(false);
		return this.transactions.transactional(delete);
	}

	private static ApiProblem nameTaken(String name) {
		return new ApiProblem(HttpStatus.CONFLICT, "TAG_NAME_TAKEN",
				"The tenant has a tag named '" + name + "' (names are compared whatever their case)");
	}

	private static Tag tag(Readable row) {
		return new Tag(row.get("id", UUID.class), row.get("name", String.class), row.get("description", String.class),
				row.get("color", String.class), row.get("created_at", Instant.class),
				row.get("updated_at", Instant.class), row.get("version", Long.class));
	}

	/**
	 * What a create or update sets; {@code null} leaves a field as it is.
	 *
	 * @param name the name
	 * @param description what the tag is for
	 * @param color {@code #rrggbb}, lower case
	 */
	record TagChange(String name, String description, String color) {
	}

}
