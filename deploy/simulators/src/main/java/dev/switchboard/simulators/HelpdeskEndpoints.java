package dev.switchboard.simulators;

import java.util.Optional;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /helpdesk/escalations} and its controls under {@code /_sim/helpdesk}.
 */
final class HelpdeskEndpoints {

	private final HelpdeskSimulator helpdesk;

	HelpdeskEndpoints(HelpdeskSimulator helpdesk) {
		this.helpdesk = helpdesk;
	}

	/**
	 * A JSON object with a bearer token: 201 {@code {"id"}} for a new ticket, 200 with
	 * the same id for an idempotency key already taken, 401 for a missing or wrong token,
	 * 400 for a body that is not a JSON object.
	 */
	Mono<Reply> escalate(SimRequest request) {
		if (!this.helpdesk.authorized(request.header("Authorization"))) {
			this.helpdesk.rejected();
			return Mono.just(Reply.json(401, Json.object().put("error", "a valid bearer token is required")));
		}
		Optional<JsonNode> body = Json.parse(request.body());
		if (body.isEmpty() || !body.get().isObject()) {
			return Mono.just(Reply.json(400, Json.object().put("error", "a JSON object is required")));
		}
		HelpdeskSimulator.Taken taken = this.helpdesk.take(request.header("Idempotency-Key"), request.bodyText());
		return Mono.just(Reply.json(taken.created() ? 201 : 200, Json.object().put("id", taken.escalation().id())));
	}

	Mono<Reply> escalations(SimRequest request) {
		ArrayNode escalations = Json.array();
		for (Escalation escalation : this.helpdesk.escalations()) {
			ObjectNode json = escalations.addObject();
			json.put("id", escalation.id());
			json.put("idempotencyKey", escalation.idempotencyKey());
			json.put("time", escalation.time().toString());
			json.set("body", Json.parse(escalation.body()));
		}
		return Mono.just(Reply.ok(escalations));
	}

	Mono<Reply> stats(SimRequest request) {
		return Mono.just(Reply.ok(Json.object()
			.put("escalations", this.helpdesk.escalations().size())
			.put("rejected", this.helpdesk.rejectedCount())));
	}

	Mono<Reply> clear(SimRequest request) {
		this.helpdesk.clear();
		return Mono.just(Reply.noContent());
	}

}
