package dev.switchboard.templates.query;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.templates.template.Template;
import dev.switchboard.templates.template.TemplateStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/** Template reads within one tenant: one SQL query each, keyset-paged lists. */
@Component
class TemplateQueries {

	private static final String COLUMNS = "tenant_id, waba_id, template_id, name, language, status, category, "
			+ "quality, parameter_format, reason, components, state_at, deleted";

	private final DatabaseClient database;

	TemplateQueries(DatabaseClient database) {
		this.database = database;
	}

	/** Every language of the name (deleted ones included), in language order. */
	Flux<Template> byName(String tenantId, String name) {
		return this.database
			.sql("SELECT " + COLUMNS + " FROM templates WHERE tenant_id = :tenantId AND name = :name"
					+ " ORDER BY language, waba_id")
			.bind("tenantId", tenantId)
			.bind("name", name)
			.map(TemplateStore::read)
			.all();
	}

	/** The name in one language; the live one first when a WABA still has it. */
	Mono<Template> byNameAndLanguage(String tenantId, String name, String language) {
		return this.database
			.sql("SELECT " + COLUMNS + " FROM templates WHERE tenant_id = :tenantId AND name = :name"
					+ " AND language = :language ORDER BY deleted, state_at DESC LIMIT 1")
			.bind("tenantId", tenantId)
			.bind("name", name)
			.bind("language", language)
			.map(TemplateStore::read)
			.one();
	}

	/** One page of the tenant's templates by name, language and WABA. */
	Mono<TemplatePage> list(String tenantId, TemplateFilter filter, Cursor after, int limit) {
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM templates WHERE tenant_id = :tenantId");
		sql.append(("DELETED".equals(filter.status())) ? " AND deleted" : " AND NOT deleted");
		if (filter.status() != null && !"DELETED".equals(filter.status())) {
			sql.append(" AND status = :status");
		}
		if (filter.category() != null) {
			sql.append(" AND category = :category");
		}
		if (filter.language() != null) {
			sql.append(" AND language = :language");
		}
		if (filter.name() != null) {
			sql.append(" AND strpos(name, :name) > 0");
		}
		if (filter.quality() != null) {
			sql.append(" AND quality = :quality");
		}
		if (after != null) {
			sql.append(" AND (name, language, waba_id) > (:afterName, :afterLanguage, :afterWaba)");
		}
		sql.append(" ORDER BY name, language, waba_id LIMIT :limit");
		DatabaseClient.GenericExecuteSpec query = this.database.sql(sql.toString())
			.bind("tenantId", tenantId)
			.bind("limit", limit + 1);
		if (filter.status() != null && !"DELETED".equals(filter.status())) {
			query = query.bind("status", filter.status());
		}
		if (filter.category() != null) {
			query = query.bind("category", filter.category());
		}
		if (filter.language() != null) {
			query = query.bind("language", filter.language());
		}
		if (filter.name() != null) {
			query = query.bind("name", filter.name());
		}
		if (filter.quality() != null) {
			query = query.bind("quality", filter.quality());
		}
		if (after != null) {
			query = query.bind("afterName", after.name())
				.bind("afterLanguage", after.language())
				.bind("afterWaba", after.wabaId());
		}
		return query.map(TemplateStore::read).all().collectList().map((rows) -> {
			boolean more = rows.size() > limit;
			List<Template> page = more ? rows.subList(0, limit) : rows;
			String next = more ? Cursor.of(page.get(page.size() - 1)).encode() : null;
			return new TemplatePage(page.stream().map(TemplateView::of).toList(), next);
		});
	}

	/**
	 * A page of the list.
	 *
	 * @param templates the templates on it
	 * @param nextCursor the cursor of the next page, null on the last
	 */
	record TemplatePage(List<TemplateView> templates, String nextCursor) {
	}

	/**
	 * Where a page ends: the last template's name, language and WABA.
	 *
	 * @param name template name
	 * @param language language
	 * @param wabaId WABA
	 */
	record Cursor(String name, String language, String wabaId) {

		static Cursor of(Template template) {
			return new Cursor(template.name(), template.language(), template.wabaId());
		}

		String encode() {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(
						String.join("\n", this.name, this.language, this.wabaId).getBytes(StandardCharsets.UTF_8));
		}

		static Cursor decode(String cursor) {
			try {
				String[] parts = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8)
					.split("\n", -1);
				if (parts.length == 3 && TemplateFilter.NAME.matcher(parts[0]).matches()
						&& TemplateFilter.LANGUAGE.matcher(parts[1]).matches() && parts[2].matches("[0-9]{1,32}")) {
					return new Cursor(parts[0], parts[1], parts[2]);
				}
			}
			catch (IllegalArgumentException ex) {
				// refused below
			}
			throw ApiProblem.invalidParameter("cursor", "'cursor' must be a nextCursor of this list");
		}

	}

}
