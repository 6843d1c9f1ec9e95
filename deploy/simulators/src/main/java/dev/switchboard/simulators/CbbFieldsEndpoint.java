package dev.switchboard.simulators;

import java.util.Optional;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** CBB custom field definitions: {@code /accounts/custom_fields}. */
final class CbbFieldsEndpoint {

	private final CbbStore store;

	CbbFieldsEndpoint(CbbStore store) {
		this.store = store;
	}

	Mono<Reply> list(SimRequest request) {
		ArrayNode fields = Json.array();
		this.store.fields().forEach((field) -> fields.add(CbbJson.field(field)));
		return Mono.just(Reply.ok(fields));
	}

	/**
	 * JSON {@code {"name":"lead_score","type":1,"description":".."}} → {@code {id,
	 * name}}.
	 */
	Mono<Reply> create(SimRequest request) {
		Optional<JsonNode> body = Json.parse(request.body());
		String name = body.map((json) -> Json.text(json, "name")).orElse(null);
		if (name == null || name.isBlank()) {
			return Mono.just(CbbJson.failure("name is required"));
		}
		int type = body.map((json) -> json.path("type").asInt(0)).orElse(0);
		CbbCustomField field = this.store.defineField(name, type, Json.text(body.get(), "description"));
		return Mono.just(Reply.ok(Json.object().put("id", field.id()).put("name", field.name())));
	}

	Mono<Reply> get(SimRequest request) {
		return Mono.just(found(this.store.field(request.param("fieldId"))));
	}

	Mono<Reply> getByName(SimRequest request) {
		return Mono.just(found(this.store.fieldByName(request.param("name"))));
	}

	private static Reply found(Optional<CbbCustomField> field) {
		return field.map((definition) -> Reply.ok(CbbJson.field(definition)))
			.orElseGet(() -> CbbJson.failure(404, "Custom field not found"));
	}

}
