package dev.switchboard.gateway.keys;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.switchboard.events.EventJson;
import dev.switchboard.gateway.limits.RateWindow;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/**
 * API keys in the {@code gateway} schema, read and changed over R2DBC.
 */
@Component
class ApiKeyStore {

	private static final TypeReference<List<String>> SPECS = new TypeReference<>() {
	};

	private static final String FIND_BY_PREFIX = """
			SELECT k.id, k.tenant_id, k.kind, k.secret_hash, k.scopes, k.expires_at, k.revoked_at, k.rate_limits,
			    k.agent_id, k.agent_role, t.status AS tenant_status, t.plan
			FROM api_keys k LEFT JOIN tenants t ON t.id = k.tenant_id
			WHERE k.prefix = :prefix
			""";

	private static final String TOUCH = """
			UPDATE api_keys SET last_used_at = :usedAt
			WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :usedAt)
			""";

	private static final String KEY_COLUMNS = "id, tenant_id, prefix, name, scopes, expires_at, revoked_at, "
			+ "rate_limits, rotated_to, created_at, last_used_at, agent_id, agent_role";

	private final DatabaseClient database;

	ApiKeyStore(DatabaseClient database) {
		this.database = database;
	}

	Mono<StoredApiKey> findByPrefix(String prefix) {
		return this.database.sql(FIND_BY_PREFIX).bind("prefix", prefix).map(ApiKeyStore::toKey).one();
	}

	Mono<Void> touch(UUID id, Instant usedAt) {
		return this.database.sql(TOUCH)
			.bind("id", id)
			.bind("usedAt", OffsetDateTime.ofInstant(usedAt, ZoneOffset.UTC))
			.then();
	}

	Mono<Boolean> tenantExists(String tenantId) {
		return this.database.sql("SELECT 1 FROM tenants WHERE id = :id")
			.bind("id", tenantId)
			.map((row) -> true)
			.one()
			.defaultIfEmpty(false);
	}

	Flux<String> prefixesOfTenant(String tenantId) {
		return this.database.sql("SELECT prefix FROM api_keys WHERE tenant_id = :tenantId")
			.bind("tenantId", tenantId)
			.map((row) -> row.get("prefix", String.class))
			.all();
	}

	Mono<KeyRow> insert(String tenantId, String prefix, byte[] secretHash, String name, List<String> scopes,
			Instant expiresAt, List<RateWindow> rateLimits, String agentId, String agentRole) {
		GenericExecuteSpec insert = this.database.sql("""
				INSERT INTO api_keys (tenant_id, prefix, secret_hash, name, scopes, expires_at, rate_limits, agent_id,
				agent_role)
				VALUES (:tenantId, :prefix, :secretHash, :name, :scopes, :expiresAt, :rateLimits, :agentId, :agentRole)
				RETURNING %s""".formatted(KEY_COLUMNS))
			.bind("tenantId", tenantId)
			.bind("prefix", prefix)
			.bind("secretHash", secretHash)
			.bind("name", name)
			.bind("scopes", scopes.toArray(new String[0]))
			.bind("agentId", Parameter.fromOrEmpty(agentId, String.class))
			.bind("agentRole", Parameter.fromOrEmpty(agentRole, String.class));
		insert = (expiresAt != null) ? insert.bind("expiresAt", OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC))
				: insert.bindNull("expiresAt", OffsetDateTime.class);
		insert = (rateLimits != null && !rateLimits.isEmpty())
				? insert.bind("rateLimits",
						Json.of(EventJson.write(rateLimits.stream().map(RateWindow::spec).toList())))
				: insert.bindNull("rateLimits", Json.class);
		return insert.map(ApiKeyStore::toRow).one();
	}

	/** Inserts an operator key unless its prefix exists; whether it was inserted. */
	Mono<Boolean> insertOperator(String prefix, byte[] secretHash, String name) {
		return this.database.sql("""
				INSERT INTO api_keys (tenant_id, kind, prefix, secret_hash, name, scopes)
				VALUES (NULL, 'operator', :prefix, :secretHash, :name, ARRAY['admin'])
				ON CONFLICT (prefix) DO NOTHING""")
			.bind("prefix", prefix)
			.bind("secretHash", secretHash)
			.bind("name", name)
			.fetch()
			.rowsUpdated()
			.map((rows) -> rows > 0);
	}

	Flux<KeyRow> keysOfTenant(String tenantId) {
		return this.database
			.sql("SELECT %s FROM api_keys WHERE tenant_id = :tenantId ORDER BY created_at, id".formatted(KEY_COLUMNS))
			.bind("tenantId", tenantId)
			.map(ApiKeyStore::toRow)
			.all();
	}

	Mono<KeyRow> key(String tenantId, UUID keyId) {
		return this.database
			.sql("SELECT %s FROM api_keys WHERE tenant_id = :tenantId AND id = :id".formatted(KEY_COLUMNS))
			.bind("tenantId", tenantId)
			.bind("id", keyId)
			.map(ApiKeyStore::toRow)
			.one();
	}

	/**
	 * Revokes a key of the tenant; the key as it is now, empty when it is not the
	 * tenant's.
	 */
	Mono<KeyRow> revoke(String tenantId, UUID keyId) {
		return this.database.sql("""
				UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now())
				WHERE tenant_id = :tenantId AND id = :id
				RETURNING %s""".formatted(KEY_COLUMNS))
			.bind("tenantId", tenantId)
			.bind("id", keyId)
			.map(ApiKeyStore::toRow)
			.one();
	}

	/**
	 * Lets a rotated key work until the end of the overlap (or its own earlier expiry).
	 */
	Mono<KeyRow> retire(String tenantId, UUID keyId, Instant until, UUID successor) {
		return this.database.sql("""
				UPDATE api_keys SET expires_at = LEAST(COALESCE(expires_at, :until), :until), rotated_to = :successor
				WHERE tenant_id = :tenantId AND id = :id
				RETURNING %s""".formatted(KEY_COLUMNS))
			.bind("tenantId", tenantId)
			.bind("id", keyId)
			.bind("until", OffsetDateTime.ofInstant(until, ZoneOffset.UTC))
			.bind("successor", successor)
			.map(ApiKeyStore::toRow)
			.one();
	}

	private static StoredApiKey toKey(Readable row) {
		String[] scopes = row.get("scopes", String[].class);
		return new StoredApiKey(row.get("id", UUID.class), row.get("tenant_id", String.class),
				row.get("kind", String.class), row.get("secret_hash", byte[].class),
				(scopes != null) ? Set.copyOf(Arrays.asList(scopes)) : Set.of(),
				instant(row.get("expires_at", OffsetDateTime.class)),
				instant(row.get("revoked_at", OffsetDateTime.class)), row.get("tenant_status", String.class),
				row.get("plan", String.class), windows(row.get("rate_limits", Json.class)),
				row.get("agent_id", String.class), row.get("agent_role", String.class));
	}

	private static KeyRow toRow(Readable row) {
		String[] scopes = row.get("scopes", String[].class);
		return new KeyRow(row.get("id", UUID.class), row.get("tenant_id", String.class),
				row.get("prefix", String.class), row.get("name", String.class),
				(scopes != null) ? List.of(scopes) : List.of(), instant(row.get("expires_at", OffsetDateTime.class)),
				instant(row.get("revoked_at", OffsetDateTime.class)),
				windows(row.get("rate_limits", Json.class)).stream().map(RateWindow::spec).toList(),
				row.get("rotated_to", UUID.class), instant(row.get("created_at", OffsetDateTime.class)),
				instant(row.get("last_used_at", OffsetDateTime.class)), row.get("agent_id", String.class),
				row.get("agent_role", String.class));
	}

	private static List<RateWindow> windows(Json json) {
		if (json == null) {
			return List.of();
		}
		return RateWindow.parseAll(EventJson.mapper().readValue(json.asArray(), SPECS));
	}

	private static Instant instant(OffsetDateTime time) {
		return (time != null) ? time.toInstant() : null;
	}

}
