package dev.switchboard.simulators;

import java.util.Optional;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** CBB contact endpoints: create, get, find, read and set custom fields. */
final class CbbContactsEndpoint {

	private final CbbStore store;

	CbbContactsEndpoint(CbbStore store) {
		this.store = store;
	}

	/** {@code POST /contacts}. */
	Mono<Reply> create(SimRequest request) {
		Optional<JsonNode> body = Json.parse(request.body());
		if (body.isEmpty() || !body.get().isObject()) {
			return Mono.just(CbbJson.failure(400, "Invalid JSON body"));
		}
		if (Phones.digits(Json.text(body.get(), "phone")).isEmpty()) {
			return Mono.just(CbbJson.failure("phone is required"));
		}
		CbbContact contact = this.store.create(body.get());
		return Mono.just(Reply.ok(CbbJson.contact(contact, this.store)));
	}

	/**
	 * {@code GET /contacts/{id}}: unknown ids answer an object with empty fields, like
	 * CBB.
	 */
	Mono<Reply> get(SimRequest request) {
		String id = request.param("id");
		ObjectNode json = this.store.contact(id)
			.map((contact) -> CbbJson.contact(contact, this.store))
			.orElseGet(() -> CbbJson.emptyContact(id));
		return Mono.just(Reply.ok(json));
	}

	/** {@code GET /contacts/find_by_custom_field?field_id=..&value=..}. */
	Mono<Reply> find(SimRequest request) {
		String fieldId = request.queryParam("field_id");
		String value = request.queryParam("value");
		if (fieldId == null || value == null) {
			return Mono.just(CbbJson.failure("field_id and value are required"));
		}
		ObjectNode answer = Json.object();
		ArrayNode data = answer.putArray("data");
		this.store.findBy(fieldId, value).forEach((contact) -> data.add(CbbJson.contact(contact, this.store)));
		return Mono.just(Reply.ok(answer));
	}

	/** {@code GET /contacts/{id}/custom_fields}. */
	Mono<Reply> fields(SimRequest request) {
		return Mono.just(this.store.contact(request.param("id"))
			.map((contact) -> Reply.ok(CbbJson.contact(contact, this.store).get("custom_fields")))
			.orElseGet(() -> CbbJson.failure("Contact not found")));
	}

	/**
	 * {@code POST /contacts/{id}/custom_fields/{fieldId}} with form (or JSON)
	 * {@code value}.
	 */
	Mono<Reply> setField(SimRequest request) {
		String value = request.form().get("value");
		if (value == null) {
			value = Json.parse(request.body()).map((body) -> Json.text(body, "value")).orElse(null);
		}
		if (value == null) {
			return Mono.just(CbbJson.failure("value is required"));
		}
		String contactId = request.param("id");
		String fieldId = request.param("fieldId");
		if (this.store.contact(contactId).isEmpty()) {
			return Mono.just(CbbJson.failure("Contact not found"));
		}
		return Mono.just(this.store.setField(contactId, fieldId, value)
			.map((contact) -> CbbJson.success())
			.orElseGet(() -> CbbJson.failure("Custom field not found")));
	}

}
