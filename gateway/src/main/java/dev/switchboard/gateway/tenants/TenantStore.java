package dev.switchboard.gateway.tenants;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import dev.switchboard.events.EventJson;
import dev.switchboard.events.tenants.ChannelConfig;
import dev.switchboard.events.tenants.EncryptedSecret;
import dev.switchboard.events.tenants.OrderSourceConfig;
import dev.switchboard.events.tenants.TenantSecret;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/**
 * Tenants, their channels and order sources in the {@code gateway} schema. Secrets arrive
 * and leave encrypted; this class never sees a plaintext.
 */
@Component
class TenantStore {

	private static final TypeReference<List<EncryptedSecret>> SECRETS = new TypeReference<>() {
	};

	private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
	};

	private static final String TENANT_COLUMNS = "id, name, status, plan, version, created_at, updated_at";

	private static final String CHANNEL_COLUMNS = """
			channel_id, provider, phone_number_id, waba_id, access_token, app_secrets, verify_token,
			messages_per_second, base_url, custom_fields, active, template_fallbacks""";

	private final DatabaseClient database;

	TenantStore(DatabaseClient database) {
		this.database = database;
	}

	/** Inserts a tenant; empty when the id is taken. */
	Mono<TenantRow> insertTenant(String id, String name, String plan) {
		return this.database.sql("""
				INSERT INTO tenants (id, name, plan) VALUES (:id, :name, :plan)
				ON CONFLICT (id) DO NOTHING
				RETURNING %s""".formatted(TENANT_COLUMNS))
			.bind("id", id)
			.bind("name", name)
			.bind("plan", plan)
			.map(TenantStore::tenantRow)
			.one();
	}

	Mono<TenantRow> tenant(String id) {
		return this.database.sql("SELECT %s FROM tenants WHERE id = :id".formatted(TENANT_COLUMNS))
			.bind("id", id)
			.map(TenantStore::tenantRow)
			.one();
	}

	/** Tenants ordered by id, after the cursor (exclusive) when given. */
	Flux<TenantRow> tenants(String after, int limit) {
		return this.database
			.sql("SELECT %s FROM tenants WHERE id > :after ORDER BY id LIMIT :limit".formatted(TENANT_COLUMNS))
			.bind("after", (after != null) ? after : "")
			.bind("limit", limit)
			.map(TenantStore::tenantRow)
			.all();
	}

	/** Changes the status; empty when the tenant does not exist. */
	Mono<TenantRow> setStatus(String id, String status) {
		return this.database
			.sql("UPDATE tenants SET status = :status WHERE id = :id RETURNING %s".formatted(TENANT_COLUMNS))
			.bind("id", id)
			.bind("status", status)
			.map(TenantStore::tenantRow)
			.one();
	}

	/** Counts the next configuration version; empty when the tenant does not exist. */
	Mono<TenantRow> nextVersion(String id) {
		return this.database
			.sql("UPDATE tenants SET version = version + 1, updated_at = now() WHERE id = :id RETURNING "
					+ TENANT_COLUMNS)
			.bind("id", id)
			.map(TenantStore::tenantRow)
			.one();
	}

	/** Inserts a channel; empty when the tenant already has a channel with that id. */
	Mono<ChannelConfig> insertChannel(String tenantId, ChannelConfig channel) {
		GenericExecuteSpec insert = this.database.sql("""
				INSERT INTO channels (tenant_id, channel_id, provider, phone_number_id, waba_id, access_token,
				    app_secrets, verify_token, messages_per_second, base_url, custom_fields, active,
				    template_fallbacks)
				VALUES (:tenantId, :channelId, :provider, :phoneNumberId, :wabaId, :accessToken, :appSecrets,
				    :verifyToken, :messagesPerSecond, :baseUrl, :customFields, :active, :templateFallbacks)
				ON CONFLICT (tenant_id, channel_id) DO NOTHING
				RETURNING channel_id
				""")
			.bind("tenantId", tenantId)
			.bind("channelId", channel.channelId())
			.bind("provider", channel.provider())
			.bind("accessToken", json(channel.accessToken()))
			.bind("appSecrets", json(channel.appSecrets()))
			.bind("customFields", json(channel.customFields()))
			.bind("templateFallbacks", json(channel.templateFallbacks()))
			.bind("active", channel.active());
		insert = bindNullable(insert, "phoneNumberId", channel.phoneNumberId(), String.class);
		insert = bindNullable(insert, "wabaId", channel.wabaId(), String.class);
		insert = bindNullable(insert, "verifyToken",
				(channel.verifyToken() != null) ? json(channel.verifyToken()) : null, Json.class);
		insert = bindNullable(insert, "messagesPerSecond", channel.messagesPerSecond(), Integer.class);
		insert = bindNullable(insert, "baseUrl", channel.baseUrl(), String.class);
		return insert.map((row) -> channel).one();
	}

	Flux<ChannelConfig> channels(String tenantId) {
		return this.database
			.sql("SELECT %s FROM channels WHERE tenant_id = :tenantId ORDER BY channel_id".formatted(CHANNEL_COLUMNS))
			.bind("tenantId", tenantId)
			.map(TenantStore::channel)
			.all();
	}

	/** Replaces a channel's template fallbacks; empty when there is no such channel. */
	Mono<ChannelConfig> setTemplateFallbacks(String tenantId, String channelId, Map<String, String> fallbacks) {
		return this.database.sql("""
				UPDATE channels SET template_fallbacks = :fallbacks
				WHERE tenant_id = :tenantId AND channel_id = :channelId
				RETURNING %s""".formatted(CHANNEL_COLUMNS))
			.bind("tenantId", tenantId)
			.bind("channelId", channelId)
			.bind("fallbacks", json(fallbacks))
			.map(TenantStore::channel)
			.one();
	}

	/** Creates or replaces an order source. */
	Mono<OrderSourceConfig> putOrderSource(String tenantId, OrderSourceConfig source) {
		return this.database.sql("""
				INSERT INTO order_sources (tenant_id, source, signing_secrets) VALUES (:tenantId, :source, :secrets)
				ON CONFLICT (tenant_id, source) DO UPDATE SET signing_secrets = EXCLUDED.signing_secrets
				""")
			.bind("tenantId", tenantId)
			.bind("source", source.source())
			.bind("secrets", json(source.signingSecrets()))
			.then()
			.thenReturn(source);
	}

	Flux<OrderSourceConfig> orderSources(String tenantId) {
		return this.database
			.sql("SELECT source, signing_secrets FROM order_sources WHERE tenant_id = :tenantId ORDER BY source")
			.bind("tenantId", tenantId)
			.map((row) -> new OrderSourceConfig(row.get("source", String.class),
					EventJson.mapper().readValue(row.get("signing_secrets", Json.class).asArray(), SECRETS)))
			.all();
	}

	/** Creates or replaces a named secret; its stored times. */
	Mono<SecretRow> putSecret(String tenantId, TenantSecret secret) {
		return this.database.sql("""
				INSERT INTO tenant_secrets (tenant_id, name, value) VALUES (:tenantId, :name, :value)
				ON CONFLICT (tenant_id, name) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
				RETURNING name, created_at, updated_at
				""")
			.bind("tenantId", tenantId)
			.bind("name", secret.name())
			.bind("value", json(secret.value()))
			.map(TenantStore::secretRow)
			.one();
	}

	/** Deletes a named secret; whether there was one. */
	Mono<Boolean> deleteSecret(String tenantId, String name) {
		return this.database.sql("DELETE FROM tenant_secrets WHERE tenant_id = :tenantId AND name = :name")
			.bind("tenantId", tenantId)
			.bind("name", name)
			.fetch()
			.rowsUpdated()
			.map((deleted) -> deleted > 0);
	}

	/** The names of a tenant's secrets and when they were set, never their values. */
	Flux<SecretRow> secretNames(String tenantId) {
		return this.database
			.sql("SELECT name, created_at, updated_at FROM tenant_secrets WHERE tenant_id = :tenantId ORDER BY name")
			.bind("tenantId", tenantId)
			.map(TenantStore::secretRow)
			.all();
	}

	/** A tenant's secrets, encrypted, for its published configuration. */
	Flux<TenantSecret> secrets(String tenantId) {
		return this.database.sql("SELECT name, value FROM tenant_secrets WHERE tenant_id = :tenantId ORDER BY name")
			.bind("tenantId", tenantId)
			.map((row) -> new TenantSecret(row.get("name", String.class),
					EventJson.read(row.get("value", Json.class).asArray(), EncryptedSecret.class)))
			.all();
	}

	private static SecretRow secretRow(Readable row) {
		return new SecretRow(row.get("name", String.class), instant(row.get("created_at", OffsetDateTime.class)),
				instant(row.get("updated_at", OffsetDateTime.class)));
	}

	/**
	 * A named secret as listed: never its value.
	 *
	 * @param name secret name
	 * @param createdAt when it was first set
	 * @param updatedAt when it was last set
	 */
	record SecretRow(String name, Instant createdAt, Instant updatedAt) {
	}

	private static <T> GenericExecuteSpec bindNullable(GenericExecuteSpec spec, String name, T value, Class<T> type) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, type);
	}

	private static Json json(Object value) {
		return Json.of(EventJson.write(value));
	}

	private static TenantRow tenantRow(Readable row) {
		return new TenantRow(row.get("id", String.class), row.get("name", String.class),
				row.get("status", String.class), row.get("plan", String.class), row.get("version", Long.class),
				instant(row.get("created_at", OffsetDateTime.class)),
				instant(row.get("updated_at", OffsetDateTime.class)));
	}

	private static ChannelConfig channel(Readable row) {
		Json verifyToken = row.get("verify_token", Json.class);
		return new ChannelConfig(row.get("channel_id", String.class), row.get("provider", String.class),
				row.get("phone_number_id", String.class), row.get("waba_id", String.class),
				EventJson.read(row.get("access_token", Json.class).asArray(), EncryptedSecret.class),
				EventJson.mapper().readValue(row.get("app_secrets", Json.class).asArray(), SECRETS),
				(verifyToken != null) ? EventJson.read(verifyToken.asArray(), EncryptedSecret.class) : null,
				row.get("messages_per_second", Integer.class), row.get("base_url", String.class),
				EventJson.mapper().readValue(row.get("custom_fields", Json.class).asArray(), FIELDS),
				Boolean.TRUE.equals(row.get("active", Boolean.class)),
				EventJson.mapper().readValue(row.get("template_fallbacks", Json.class).asArray(), FIELDS));
	}

	private static Instant instant(OffsetDateTime time) {
		return (time != null) ? time.toInstant() : null;
	}

}
