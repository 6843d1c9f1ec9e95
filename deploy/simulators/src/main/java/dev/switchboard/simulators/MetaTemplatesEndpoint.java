package dev.switchboard.simulators;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /{version}/{waba_id}/message_templates}: Meta's template list with Graph
 * cursor paging. {@code fields} chooses the fields (Meta's short default set without it),
 * {@code limit} the page size (25 without it), {@code after} the cursor;
 * {@code paging.next} is an absolute URL back to this server while more templates follow.
 */
final class MetaTemplatesEndpoint {

	static final int DEFAULT_LIMIT = 25;

	static final int MAX_LIMIT = 1000;

	/** What Meta answers without {@code fields}. */
	static final Set<String> DEFAULT_FIELDS = Set.of("name", "components", "language", "status", "category", "id");

	private static final String CURSOR_PREFIX = "sim:";

	private final MetaTemplates templates;

	MetaTemplatesEndpoint(MetaTemplates templates) {
		this.templates = templates;
	}

	Mono<Reply> list(SimRequest request) {
		this.templates.countListRequest();
		if (!hasToken(request)) {
			return Mono.just(MetaErrors.reply(190, "An active access token must be used."));
		}
		String wabaId = request.param("wabaId");
		return this.templates.faults()
			.fire(null, wabaId, (kind) -> true)
			.map((rule) -> Mono.delay(rule.delay()).map((tick) -> faulty(rule, request, wabaId)))
			.orElseGet(() -> Mono.fromSupplier(() -> page(request, wabaId)));
	}

	private Reply faulty(FaultRule rule, SimRequest request, String wabaId) {
		return switch (rule.kind()) {
			case LATE_ANSWER, FAILED_STATUS -> page(request, wabaId);
			case META_ERROR -> MetaErrors.reply(rule.metaCode(), rule.httpStatus());
			case TIMEOUT -> MetaErrors.reply(131000, rule.httpStatus());
			case HOSTILE_ANSWER -> Reply.hostile();
			case HTTP_ERROR, CBB_FAILURE ->
				MetaErrors.reply((rule.metaCode() != 0) ? rule.metaCode() : MetaErrors.codeForStatus(rule.httpStatus()),
						rule.httpStatus());
		};
	}

	private Reply page(SimRequest request, String wabaId) {
		int limit;
		int offset;
		try {
			limit = limit(request.queryParam("limit"));
			offset = offset(request.queryParam("after"));
		}
		catch (IllegalArgumentException ex) {
			return MetaErrors.reply(100, ex.getMessage());
		}
		Set<String> fields = fields(request.queryParam("fields"));
		MetaTemplates.Page page = this.templates.page(wabaId, offset, limit);
		ObjectNode answer = Json.object();
		ArrayNode data = answer.putArray("data");
		for (ObjectNode template : page.templates()) {
			ObjectNode selected = data.addObject();
			template.properties().forEach((entry) -> {
				if (fields.contains(entry.getKey()) || "id".equals(entry.getKey())) {
					selected.set(entry.getKey(), entry.getValue());
				}
			});
		}
		if (!page.templates().isEmpty()) {
			ObjectNode paging = answer.putObject("paging");
			ObjectNode cursors = paging.putObject("cursors");
			cursors.put("before", cursor(page.offset()));
			int next = page.offset() + page.templates().size();
			cursors.put("after", cursor(next));
			if (next < page.total()) {
				paging.put("next", nextUrl(request, wabaId, cursor(next)));
			}
			if (page.offset() > 0) {
				paging.put("previous", nextUrl(request, wabaId, cursor(Math.max(0, page.offset() - limit))));
			}
		}
		return Reply.ok(answer);
	}

	private static String nextUrl(SimRequest request, String wabaId, String cursor) {
		String host = request.header("Host");
		StringBuilder url = new StringBuilder("http://").append(host)
			.append('/')
			.append(request.param("version"))
			.append('/')
			.append(wabaId)
			.append("/message_templates?");
		for (Map.Entry<String, List<String>> parameter : request.query().entrySet()) {
			if (!"after".equals(parameter.getKey()) && !"before".equals(parameter.getKey())) {
				for (String value : parameter.getValue()) {
					url.append(encode(parameter.getKey())).append('=').append(encode(value)).append('&');
				}
			}
		}
		return url.append("after=").append(encode(cursor)).toString();
	}

	private static Set<String> fields(String raw) {
		if (raw == null || raw.isBlank()) {
			return DEFAULT_FIELDS;
		}
		return Arrays.stream(raw.split(","))
			.map(String::strip)
			.filter((field) -> !field.isEmpty())
			.collect(Collectors.toCollection(LinkedHashSet::new));
	}

	private static int limit(String raw) {
		if (raw == null || raw.isBlank()) {
			return DEFAULT_LIMIT;
		}
		try {
			int limit = Integer.parseInt(raw.strip());
			if (limit >= 1 && limit <= MAX_LIMIT) {
				return limit;
			}
		}
		catch (NumberFormatException ex) {
			// refused below
		}
		throw new IllegalArgumentException("(#100) Param limit must be a number from 1 to " + MAX_LIMIT);
	}

	static String cursor(int offset) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((CURSOR_PREFIX + offset).getBytes(StandardCharsets.UTF_8));
	}

	private static int offset(String cursor) {
		if (cursor == null || cursor.isBlank()) {
			return 0;
		}
		try {
			String decoded = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
			if (decoded.startsWith(CURSOR_PREFIX)) {
				int offset = Integer.parseInt(decoded.substring(CURSOR_PREFIX.length()));
				if (offset >= 0) {
					return offset;
				}
			}
		}
		catch (IllegalArgumentException ex) {
			// refused below
		}
		throw new IllegalArgumentException("(#100) Invalid cursor");
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	static boolean hasToken(SimRequest request) {
		String authorization = request.header("Authorization");
		boolean bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
				&& !authorization.substring(7).isBlank();
		String token = request.queryParam("access_token");
		return bearer || (token != null && !token.isBlank());
	}

}
