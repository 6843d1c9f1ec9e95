package dev.switchboard.templates.template;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.switchboard.events.EventJson;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The {@code templates} table. Writes happen inside a transaction holding the WABA's lock
 * ({@link #lockWaba}), so a sync page and a webhook about the same WABA never interleave
 * their read and write; an older state never overwrites a newer one even so.
 */
@Component
public class TemplateStore {

	static final TypeReference<List<Map<String, Object>>> COMPONENTS = new TypeReference<>() {
	};

	static final String COLUMNS = "tenant_id, waba_id, template_id, name, language, status, category, quality, "
			+ "parameter_format, reason, components, state_at, deleted";

	private static final String SAVE = """
			INSERT INTO templates (tenant_id, waba_id, template_id, name, language, status, category, quality,
			    parameter_format, reason, components, state_at, deleted, updated_at)
			SELECT r.tenant_id, r.waba_id, r.template_id, r.name, r.language, r.status, r.category, r.quality,
			    r.parameter_format, r.reason, r.components::jsonb, r.state_at::timestamptz, r.deleted::boolean, now()
			FROM unnest(:tenantIds::text[], :wabaIds::text[], :templateIds::text[], :names::text[], :languages::text[],
			    :statuses::text[], :categories::text[], :qualities::text[], :formats::text[], :reasons::text[],
			    :components::text[], :stateAts::text[], :deleted::text[])
			    AS r(tenant_id, waba_id, template_id, name, language, status, category, quality, parameter_format,
			         reason, components, state_at, deleted)
			ON CONFLICT (tenant_id, waba_id, name, language) DO UPDATE SET
			    template_id = EXCLUDED.template_id, status = EXCLUDED.status, category = EXCLUDED.category,
			    quality = EXCLUDED.quality, parameter_format = EXCLUDED.parameter_format, reason = EXCLUDED.reason,
			    components = EXCLUDED.components, state_at = EXCLUDED.state_at, deleted = EXCLUDED.deleted,
			    updated_at = now()
			WHERE templates.state_at <= EXCLUDED.state_at""";

	private final DatabaseClient database;

	TemplateStore(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * Holds the WABA's lock until the surrounding transaction ends: one writer per WABA
	 * at a time across replicas.
	 */
	public Mono<Void> lockWaba(String tenantId, String wabaId) {
		return this.database.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
			.bind("key", "templates:" + tenantId + ":" + wabaId)
			.fetch()
			.rowsUpdated()
			.then();
	}

	/** The stored variants of these names in the WABA, deleted ones included. */
	public Flux<Template> byNames(String tenantId, String wabaId, Collection<String> names) {
		return this.database
			.sql("SELECT " + COLUMNS + " FROM templates WHERE tenant_id = :tenantId AND waba_id = :wabaId"
					+ " AND name = ANY(:names::text[])")
			.bind("tenantId", tenantId)
			.bind("wabaId", wabaId)
			.bind("names", names.toArray(String[]::new))
			.map(TemplateStore::read)
			.all();
	}

	/** Every stored variant of the name in the tenant's WABAs, deleted ones included. */
	public Flux<Template> byName(String tenantId, String name) {
		return this.database.sql("SELECT " + COLUMNS + " FROM templates WHERE tenant_id = :tenantId AND name = :name")
			.bind("tenantId", tenantId)
			.bind("name", name)
			.map(TemplateStore::read)
			.all();
	}

	/** Templates of the WABA not deleted whose state is older than {@code before}. */
	public Flux<Template> liveBefore(String tenantId, String wabaId, Instant before) {
		return this.database
			.sql("SELECT " + COLUMNS + " FROM templates WHERE tenant_id = :tenantId AND waba_id = :wabaId"
					+ " AND NOT deleted AND state_at < :before")
			.bind("tenantId", tenantId)
			.bind("wabaId", wabaId)
			.bind("before", before)
			.map(TemplateStore::read)
			.all();
	}

	/** Inserts or updates the templates, each only over an older state. */
	public Mono<Void> save(List<Template> templates) {
		if (templates.isEmpty()) {
			return Mono.empty();
		}
		int count = templates.size();
		String[][] columns = new String[13][count];
		for (int i = 0; i < count; i++) {
			Template t = templates.get(i);
			String[] values = { t.tenantId(), t.wabaId(), t.templateId(), t.name(), t.language(), t.status(),
					t.category(), t.quality(), t.parameterFormat(), t.reason(),
					new String(EventJson.write(t.components()), java.nio.charset.StandardCharsets.UTF_8),
					t.stateAt().toString(), String.valueOf(t.deleted()) };
			for (int c = 0; c < values.length; c++) {
				columns[c][i] = values[c];
			}
		}
		return this.database.sql(SAVE)
			.bind("tenantIds", columns[0])
			.bind("wabaIds", columns[1])
			.bind("templateIds", columns[2])
			.bind("names", columns[3])
			.bind("languages", columns[4])
			.bind("statuses", columns[5])
			.bind("categories", columns[6])
			.bind("qualities", columns[7])
			.bind("formats", columns[8])
			.bind("reasons", columns[9])
			.bind("components", columns[10])
			.bind("stateAts", columns[11])
			.bind("deleted", columns[12])
			.then();
	}

	/** A row as a template. */
	public static Template read(Readable row) {
		Json components = row.get("components", Json.class);
		return new Template(row.get("tenant_id", String.class), row.get("waba_id", String.class),
				row.get("template_id", String.class), row.get("name", String.class), row.get("language", String.class),
				row.get("status", String.class), row.get("category", String.class), row.get("quality", String.class),
				row.get("parameter_format", String.class), row.get("reason", String.class),
				(components != null) ? EventJson.mapper().readValue(components.asArray(), COMPONENTS) : List.of(),
				row.get("state_at", Instant.class), Boolean.TRUE.equals(row.get("deleted", Boolean.class)));
	}

}
