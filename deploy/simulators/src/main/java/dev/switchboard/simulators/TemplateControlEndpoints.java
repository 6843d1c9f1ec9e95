package dev.switchboard.simulators;

import java.util.Map;
import java.util.Optional;

import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * {@code /_sim/meta/templates}: what the WABAs hold, and test changes to it over HTTP
 * (benchmarks and stand-alone runs).
 */
final class TemplateControlEndpoints {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final MetaTemplates templates;

	TemplateControlEndpoints(MetaTemplates templates) {
		this.templates = templates;
	}

	/** {@code ?wabaId=} (the demo WABA without it): the templates, oldest first. */
	Mono<Reply> list(SimRequest request) {
		ArrayNode list = Json.array();
		this.templates.list(wabaId(request.queryParam("wabaId"))).forEach(list::add);
		return Mono.just(Reply.ok(list));
	}

	/**
	 * {@code {"wabaId"?, "count", "prefix"?}} adds generated templates;
	 * {@code {"wabaId"?, "template":{...}}} adds or replaces one.
	 */
	Mono<Reply> add(SimRequest request) {
		Optional<JsonNode> body = Json.parse(request.body());
		if (body.isEmpty()) {
			return Mono.just(badRequest("a JSON body is required"));
		}
		String wabaId = wabaId(Json.text(body.get(), "wabaId"));
		JsonNode template = body.get().get("template");
		if (template != null && template.isObject()) {
			try {
				String id = this.templates.put(wabaId, Json.MAPPER.convertValue(template, MAP));
				return Mono.just(Reply.json(201, Json.object().put("id", id)));
			}
			catch (RuntimeException ex) {
				return Mono.just(badRequest("invalid template: " + ex.getMessage()));
			}
		}
		int count = body.get().path("count").asInt(0);
		if (count < 1 || count > 100_000) {
			return Mono.just(badRequest("count (1 to 100000) or template is required"));
		}
		this.templates.addGenerated(wabaId, Json.text(body.get(), "prefix", "generated"), count);
		return Mono.just(Reply.json(201, Json.object().put("added", count)));
	}

	/**
	 * {@code ?wabaId=&name=} removes a name; without a name, back to the demo templates.
	 */
	Mono<Reply> remove(SimRequest request) {
		String name = request.queryParam("name");
		if (name == null) {
			this.templates.reset();
			return Mono.just(Reply.noContent());
		}
		int removed = this.templates.remove(wabaId(request.queryParam("wabaId")), name);
		return Mono.just(Reply.ok(Json.object().put("removed", removed)));
	}

	private static String wabaId(String given) {
		return (given == null || given.isBlank()) ? SimulatorOptions.DEFAULT_WABA_ID : given;
	}

	private static Reply badRequest(String message) {
		return Reply.json(400, Json.object().put("error", message));
	}

}
