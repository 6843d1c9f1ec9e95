package dev.switchboard.gateway.keys;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * API keys in the {@code gateway} schema, read and touched over R2DBC.
 */
@Component
class ApiKeyStore {

	private static final String FIND_BY_PREFIX = """
			SELECT k.id, k.tenant_id, k.secret_hash, k.scopes, k.expires_at, k.revoked_at, t.status AS tenant_status
			FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
			WHERE k.prefix = :prefix
			""";

	private static final String TOUCH = """
			UPDATE api_keys SET last_used_at = :usedAt
			WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :usedAt)
			""";

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

	private static StoredApiKey toKey(Readable row) {
		String[] scopes = row.get("scopes", String[].class);
		return new StoredApiKey(row.get("id", UUID.class), row.get("tenant_id", String.class),
				row.get("secret_hash", byte[].class), (scopes != null) ? Set.copyOf(Arrays.asList(scopes)) : Set.of(),
				instant(row.get("expires_at", OffsetDateTime.class)),
				instant(row.get("revoked_at", OffsetDateTime.class)), row.get("tenant_status", String.class));
	}

	private static Instant instant(OffsetDateTime time) {
		return (time != null) ? time.toInstant() : null;
	}

}
