package dev.switchboard.messaging.inbox.tags;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.switchboard.http.problem.ApiProblem;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * What conversations may be tagged with: names are looked up in the tenant's catalogue
 * whatever their case and answered in the catalogue's spelling.
 */
@Component
public class TagCatalogue {

	/** The stable code of a name the catalogue does not have. */
	public static final String UNKNOWN_TAG = "UNKNOWN_TAG";

	private final DatabaseClient database;

	TagCatalogue(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * The catalogue's spelling of each name, in the given order, without repeats. Call in
	 * the transaction that tags the conversation, before its row is locked: the tags'
	 * rows are share-locked, so a concurrent rename or deletion waits for it (and then
	 * finds the conversation), or goes first (and the name is unknown here); catalogue
	 * rows before conversation rows, as a rename or deletion takes them.
	 * @throws ApiProblem 422 {@code UNKNOWN_TAG} naming the first unknown name
	 */
	public Mono<List<String>> resolve(String tenantId, List<String> names) {
		if (names.isEmpty()) {
			return Mono.just(List.of());
		}
		String[] lowered = names.stream().map(TagCatalogue::key).distinct().toArray(String[]::new);
		return this.database.sql("""
				SELECT name FROM tags WHERE tenant_id = :tenantId AND lower(name) = ANY(:names)
				ORDER BY id FOR SHARE""")
			.bind("tenantId", tenantId)
			.bind("names", lowered)
			.map((row) -> row.get("name", String.class))
			.all()
			.collectMap(TagCatalogue::key)
			.map((known) -> spelled(names, known));
	}

	private static List<String> spelled(List<String> names, Map<String, String> known) {
		Set<String> result = new LinkedHashSet<>();
		List<String> unknown = new ArrayList<>();
		for (String name : names) {
			String spelling = known.get(key(name));
			if (spelling == null) {
				unknown.add(name);
			}
			else {
				result.add(spelling);
			}
		}
		if (!unknown.isEmpty()) {
			Map<String, Object> properties = new HashMap<>();
			properties.put("field", "tags");
			properties.put("tag", unknown.get(0));
			properties.put("unknownTags", unknown);
			throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, UNKNOWN_TAG,
					"'" + unknown.get(0) + "' is not a tag of the tenant's catalogue (GET /api/v1/tags)", properties);
		}
		return List.copyOf(result);
	}

	/** Names compare whatever their case. */
	static String key(String name) {
		return name.strip().toLowerCase(Locale.ROOT);
	}

}
