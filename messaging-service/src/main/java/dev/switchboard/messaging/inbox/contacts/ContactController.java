package dev.switchboard.messaging.inbox.contacts;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.QueryParameters;
import dev.switchboard.http.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code GET /api/v1/contacts} (by number, by name or number fragment, keyset pages
 * oldest first) and {@code GET /api/v1/contacts/{id}}. Another tenant's contact is
 * answered like a missing one.
 */
@Tag(name = "Contacts", description = "The customers of the tenant's conversations.")
@RestController
class ContactController {

	private static final int DEFAULT_LIMIT = 50;

	private static final int MAX_LIMIT = 200;

	private static final Set<String> LIST_PARAMETERS = Set.of("phone", "q", "cursor", "limit");

	private final Contacts contacts;

	private final DatabaseClient database;

	ContactController(Contacts contacts, DatabaseClient database) {
		this.contacts = contacts;
		this.database = database;
	}

	@Operation(operationId = "getContact", summary = "Get a contact",
			description = "One contact of the tenant; another tenant's is 404, like a missing one.")
	@GetMapping(path = "/api/v1/contacts/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ContactView> contact(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
		UUID contactId = ContactView.parseId(id);
		if (contactId == null) {
			return Mono.error(ApiProblem.notFound("No such contact"));
		}
		return this.contacts.find(Caller.of(token).tenantId(), contactId)
			.map(ContactView::of)
			.switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No such contact")));
	}

	@Operation(operationId = "listContacts", summary = "List contacts",
			description = "The tenant's contacts by exact number or by a fragment of name or number, oldest first, keyset paginated.")
	@GetMapping(path = "/api/v1/contacts", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ContactView.Page> list(@RequestParam(required = false) String phone, @RequestParam(required = false) String q,
			@RequestParam(required = false) String cursor, @RequestParam(required = false) String limit,
			@AuthenticationPrincipal Jwt token, ServerWebExchange exchange) {
		String tenantId = Caller.of(token).tenantId();
		return Mono.fromCallable(() -> {
			QueryParameters.onlyKnown(exchange.getRequest().getQueryParams().keySet(), LIST_PARAMETERS);
			return new Filter(phone(phone), QueryParameters.absent(q) ? null : q.strip(), Cursor.decode(cursor),
					QueryParameters.limit(limit, DEFAULT_LIMIT, MAX_LIMIT));
		}).flatMap((filter) -> page(tenantId, filter));
	}

	private Mono<ContactView.Page> page(String tenantId, Filter filter) {
		StringBuilder sql = new StringBuilder(
				"SELECT " + Contacts.COLUMNS + " FROM contacts WHERE tenant_id = :tenantId");
		if (filter.phone() != null) {
			sql.append(" AND phone = :phone");
		}
		if (filter.q() != null) {
			sql.append(" AND (profile_name ILIKE :q OR phone LIKE :q OR user_id = :exact)");
		}
		if (filter.after() != null) {
			sql.append(" AND (created_at, id) > (:afterAt, :afterId)");
		}
		sql.append(" ORDER BY created_at, id LIMIT :limit");
		GenericExecuteSpec query = this.database.sql(sql.toString())
			.bind("tenantId", tenantId)
			.bind("limit", filter.limit() + 1);
		if (filter.phone() != null) {
			query = query.bind("phone", filter.phone());
		}
		if (filter.q() != null) {
			query = query.bind("q", "%" + escapeLike(filter.q()) + "%").bind("exact", filter.q());
		}
		if (filter.after() != null) {
			query = query.bind("afterAt", filter.after().createdAt()).bind("afterId", filter.after().id());
		}
		return query.map(Contacts::contact).all().collectList().map((rows) -> {
			List<Contact> page = rows.subList(0, Math.min(rows.size(), filter.limit()));
			String next = (rows.size() > filter.limit())
					? new Cursor(page.get(page.size() - 1).createdAt(), page.get(page.size() - 1).id()).encode() : null;
			return new ContactView.Page(page.stream().map(ContactView::of).toList(), next);
		});
	}

	/** E.164 from a number with its country code, with or without {@code +}. */
	private static String phone(String phone) {
		if (QueryParameters.absent(phone)) {
			return null;
		}
		String digits = phone.replaceAll("[^0-9]", "");
		if (digits.length() < 8 || digits.length() > 15) {
			throw new ApiProblem(HttpStatus.BAD_REQUEST, "INVALID_PHONE",
					"'phone' is not a phone number with its country code, e.g. +972500000001",
					Map.of("field", "phone"));
		}
		return "+" + digits;
	}

	static String escapeLike(String value) {
		return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	/**
	 * The list's parameters.
	 *
	 * @param phone exact number in E.164, or null
	 * @param q a fragment of the name or number, or the exact user id, or null
	 * @param after the last contact of the previous page, or null
	 * @param limit page size
	 */
	record Filter(String phone, String q, Cursor after, int limit) {
	}

	/**
	 * Keyset position: the last contact of a page.
	 *
	 * @param createdAt its creation time
	 * @param id its id
	 */
	record Cursor(Instant createdAt, UUID id) {

		String encode() {
			return Base64.getUrlEncoder().withoutPadding().encodeToString((this.createdAt + "|" + this.id).getBytes());
		}

		static Cursor decode(String cursor) {
			if (QueryParameters.absent(cursor)) {
				return null;
			}
			try {
				String[] parts = new String(Base64.getUrlDecoder().decode(cursor)).split("\\|");
				return new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
			}
			catch (RuntimeException ex) {
				throw ApiProblem.invalidParameter("cursor",
						"'cursor' is not a cursor of this list: pass the nextCursor of the previous page");
			}
		}

	}

}
