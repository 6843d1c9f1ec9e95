package dev.switchboard.simulators;

import java.util.Optional;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The {@code /_sim/...} endpoints: inspect and steer the simulators over HTTP. */
final class ControlEndpoints {

	private final MetaSimulator meta;

	private final CbbSimulator cbb;

	ControlEndpoints(MetaSimulator meta, CbbSimulator cbb) {
		this.meta = meta;
		this.cbb = cbb;
	}

	Mono<Reply> health(SimRequest request) {
		return Mono.just(Reply.ok(Json.object().put("status", "UP")));
	}

	Mono<Reply> metaMessages(SimRequest request) {
		ArrayNode messages = Json.array();
		for (SentMessage message : this.meta.sentMessages()) {
			ObjectNode json = messages.addObject();
			json.put("phoneNumberId", message.phoneNumberId());
			json.put("to", message.to());
			json.put("type", message.type());
			json.put("wamid", message.wamid());
			json.put("time", message.time().toString());
			json.set("body", Json.parse(message.body()));
		}
		return Mono.just(Reply.ok(messages));
	}

	Mono<Reply> clearMetaMessages(SimRequest request) {
		this.meta.clearSentMessages();
		return Mono.just(Reply.noContent());
	}

	Mono<Reply> metaReadReceipts(SimRequest request) {
		ArrayNode receipts = Json.array();
		for (ReadReceipt receipt : this.meta.readReceipts()) {
			ObjectNode json = receipts.addObject();
			json.put("phoneNumberId", receipt.phoneNumberId());
			json.put("messageId", receipt.messageId());
			json.put("time", receipt.time().toString());
			json.set("body", Json.parse(receipt.body()));
		}
		return Mono.just(Reply.ok(receipts));
	}

	Mono<Reply> clearMetaReadReceipts(SimRequest request) {
		this.meta.clearReadReceipts();
		return Mono.just(Reply.noContent());
	}

	Mono<Reply> metaStats(SimRequest request) {
		ObjectNode stats = Json.object();
		stats.put("requests", this.meta.requestCount());
		stats.put("sentMessages", this.meta.sentMessages().size());
		stats.put("readReceipts", this.meta.readReceipts().size());
		stats.put("webhooksDelivered", this.meta.webhooksDelivered());
		stats.put("webhookFailures", this.meta.webhookFailures());
		stats.put("webhooksDropped", this.meta.webhooksDropped());
		return Mono.just(Reply.ok(stats));
	}

	/**
	 * {@code {"phoneNumberId","wamid","recipient","status"}}: posts one status webhook
	 * now.
	 */
	Mono<Reply> postStatus(SimRequest request) {
		Optional<JsonNode> body = Json.parse(request.body());
		String wamid = body.map((json) -> Json.text(json, "wamid")).orElse(null);
		String recipient = body.map((json) -> Json.text(json, "recipient")).orElse(null);
		String status = body.map((json) -> Json.text(json, "status")).orElse(null);
		if (wamid == null || recipient == null || status == null) {
			return Mono.just(badRequest("wamid, recipient and status are required"));
		}
		String phoneNumberId = Json.text(body.get(), "phoneNumberId", SimulatorOptions.DEMO_PHONE_NUMBER_ID);
		return webhookOutcome(this.meta.postStatus(phoneNumberId, wamid, recipient, status));
	}

	/**
	 * {@code {"phoneNumberId","from","profileName","text"}}: posts an incoming text
	 * message.
	 */
	Mono<Reply> postIncoming(SimRequest request) {
		Optional<JsonNode> body = Json.parse(request.body());
		String from = body.map((json) -> Json.text(json, "from")).orElse(null);
		String text = body.map((json) -> Json.text(json, "text")).orElse(null);
		if (from == null || text == null) {
			return Mono.just(badRequest("from and text are required"));
		}
		return webhookOutcome(this.meta.postIncomingText(
				Json.text(body.get(), "phoneNumberId", SimulatorOptions.DEMO_PHONE_NUMBER_ID), from,
				Json.text(body.get(), "profileName", "Test User"), text));
	}

	/**
	 * A customer message on demand: {@code {"phoneNumberId","from","fromUserId",
	 * "profileName","text"}} for a text, or {@code "type"} and the object named after it
	 * (e.g. {@code "image":{"id":"…","mime_type":"image/jpeg"}}), optional
	 * {@code "context":{"id":"<wamid>"}} and {@code "referral"}. Answers the wamid and
	 * the webhook receiver's status.
	 */
	Mono<Reply> postInbound(SimRequest request) {
		Optional<JsonNode> parsed = Json.parse(request.body());
		if (parsed.isEmpty() || !parsed.get().isObject()) {
			return Mono.just(badRequest("a JSON object is required"));
		}
		JsonNode body = parsed.get();
		String from = Json.text(body, "from");
		String fromUserId = Json.text(body, "fromUserId");
		String text = Json.text(body, "text");
		String type = Json.text(body, "type", (text != null) ? "text" : null);
		if ((from == null && fromUserId == null) || type == null) {
			return Mono.just(badRequest("from or fromUserId, and text or type with its object, are required"));
		}
		JsonNode payload = "text".equals(type) && text != null ? Json.object().put("body", text) : body.path(type);
		if (!payload.isObject() && !payload.isArray()) {
			return Mono.just(badRequest("the object named after the type is required: " + type));
		}
		MetaWebhooks.IncomingMessage message = new MetaWebhooks.IncomingMessage(
				Json.text(body, "phoneNumberId", SimulatorOptions.DEMO_PHONE_NUMBER_ID), from, fromUserId,
				Json.text(body, "profileName", "Test User"), type, payload,
				body.path("context").isObject() ? body.path("context") : null,
				body.path("referral").isObject() ? body.path("referral") : null);
		return this.meta.postIncoming(message)
			.map((posted) -> Reply
				.ok(Json.object().put("wamid", posted.wamid()).put("webhookStatus", posted.webhookStatus())))
			.onErrorResume((ex) -> Mono
				.just(Reply.json(502, Json.object().put("error", "webhook receiver unreachable: " + ex.getMessage()))));
	}

	Mono<Reply> listFaults(FaultRules faults) {
		ArrayNode rules = Json.array();
		faults.list().forEach((rule) -> rules.add(FaultRuleJson.write(rule)));
		return Mono.just(Reply.ok(rules));
	}

	Mono<Reply> addFault(FaultRules faults, SimRequest request) {
		Optional<JsonNode> body = Json.parse(request.body());
		if (body.isEmpty()) {
			return Mono.just(badRequest("a JSON fault rule is required"));
		}
		try {
			FaultRule rule = FaultRuleJson.read(body.get());
			faults.add(rule);
			return Mono.just(Reply.json(201, FaultRuleJson.write(rule)));
		}
		catch (RuntimeException ex) {
			return Mono.just(badRequest("invalid fault rule: " + ex.getMessage()));
		}
	}

	Mono<Reply> clearFaults(FaultRules faults) {
		faults.clear();
		return Mono.just(Reply.noContent());
	}

	Mono<Reply> cbbContacts(SimRequest request) {
		ArrayNode contacts = Json.array();
		this.cbb.contacts().forEach((contact) -> contacts.add(Json.MAPPER.valueToTree(contact)));
		return Mono.just(Reply.ok(contacts));
	}

	Mono<Reply> cbbContents(SimRequest request) {
		ArrayNode contents = Json.array();
		for (CbbContent content : this.cbb.sentContents()) {
			ObjectNode json = contents.addObject();
			json.put("contactId", content.contactId());
			json.put("messageId", content.messageId());
			json.set("wamids", Json.MAPPER.valueToTree(content.wamids()));
			json.put("time", content.time().toString());
			json.set("body", Json.parse(content.body()));
		}
		return Mono.just(Reply.ok(contents));
	}

	private static Mono<Reply> webhookOutcome(Mono<Integer> posting) {
		return posting.map((status) -> Reply.ok(Json.object().put("webhookStatus", status)))
			.onErrorResume((ex) -> Mono
				.just(Reply.json(502, Json.object().put("error", "webhook receiver unreachable: " + ex.getMessage()))));
	}

	private static Reply badRequest(String message) {
		return Reply.json(400, Json.object().put("error", message));
	}

}
