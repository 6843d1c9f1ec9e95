package dev.switchboard.simulators;

import java.time.Instant;
import java.util.Optional;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /{version}/{phone_number_id}/messages}: Meta's send endpoint, which also
 * marks a customer's message read ({@code "status":"read","message_id":"<wamid>"}).
 */
final class MetaMessagesEndpoint {

	private final MetaSimulator meta;

	private final StatusScheduler statuses;

	MetaMessagesEndpoint(MetaSimulator meta, StatusScheduler statuses) {
		this.meta = meta;
		this.statuses = statuses;
	}

	Mono<Reply> send(SimRequest request) {
		this.meta.countRequest();
		String phoneNumberId = request.param("phoneNumberId");
		// the Graph API also takes the token as an access_token query parameter
		if (!hasBearerToken(request.header("Authorization")) && isBlank(request.queryParam("access_token"))) {
			return Mono.just(MetaErrors.reply(190, "An active access token must be used."));
		}
		Optional<JsonNode> parsed = Json.parse(request.body());
		if (parsed.isEmpty()) {
			return Mono.just(MetaErrors.reply(100, "The request body must be valid JSON."));
		}
		JsonNode body = parsed.get();
		if (body.isObject() && body.has("status")) {
			return markRead(request, phoneNumberId, body);
		}
		Optional<String> problem = MetaRequestValidator.problem(body);
		if (problem.isPresent()) {
			return Mono.just(MetaErrors.reply(100, problem.get()));
		}
		String to = Json.text(body, "to");
		return this.meta.faults()
			.fire(to, phoneNumberId, (kind) -> true)
			.map((rule) -> (rule.kind() == FaultRule.Kind.LATE_ANSWER)
					? Mono.fromSupplier(() -> accept(request, phoneNumberId, body, 0)).delayElement(rule.delay())
					: Mono.delay(rule.delay()).map((tick) -> faulty(rule, request, phoneNumberId, body)))
			.orElseGet(() -> Mono.fromSupplier(() -> accept(request, phoneNumberId, body, 0)));
	}

	/**
	 * Marks a received message (and every one before it) read: {@code {"success":true}}.
	 * The fault rules apply as to sends (a rule for a recipient never matches: the call
	 * names none); a late answer records the receipt, the other faults record nothing.
	 */
	private Mono<Reply> markRead(SimRequest request, String phoneNumberId, JsonNode body) {
		Optional<String> problem = MetaRequestValidator.readProblem(body);
		if (problem.isPresent()) {
			return Mono.just(MetaErrors.reply(100, problem.get()));
		}
		return this.meta.faults().fire(null, phoneNumberId, (kind) -> true).map((rule) -> switch (rule.kind()) {
			case LATE_ANSWER, FAILED_STATUS ->
				Mono.fromSupplier(() -> read(request, phoneNumberId, body)).delayElement(rule.delay());
			default -> Mono.delay(rule.delay()).map((tick) -> faulty(rule, request, phoneNumberId, body));
		}).orElseGet(() -> Mono.fromSupplier(() -> read(request, phoneNumberId, body)));
	}

	private Reply read(SimRequest request, String phoneNumberId, JsonNode body) {
		this.meta
			.record(new ReadReceipt(phoneNumberId, Json.text(body, "message_id"), request.bodyText(), Instant.now()));
		return Reply.ok(Json.object().put("success", true));
	}

	private Reply faulty(FaultRule rule, SimRequest request, String phoneNumberId, JsonNode body) {
		return switch (rule.kind()) {
			case FAILED_STATUS -> accept(request, phoneNumberId, body, rule.metaCode());
			case LATE_ANSWER -> accept(request, phoneNumberId, body, 0);
			case META_ERROR -> MetaErrors.reply(rule.metaCode(), rule.httpStatus());
			case TIMEOUT -> MetaErrors.reply(131000, rule.httpStatus());
			case HOSTILE_ANSWER -> Reply.hostile();
			case HTTP_ERROR, CBB_FAILURE ->
				MetaErrors.reply((rule.metaCode() != 0) ? rule.metaCode() : MetaErrors.codeForStatus(rule.httpStatus()),
						rule.httpStatus());
		};
	}

	/** Records the message, schedules its statuses and answers like Meta. */
	private Reply accept(SimRequest request, String phoneNumberId, JsonNode body, int failureCode) {
		String to = Json.text(body, "to");
		String recipientId = Phones.digits(to);
		String wamid = Ids.wamid(recipientId);
		this.meta.record(new SentMessage(phoneNumberId, to, MetaRequestValidator.type(body), request.bodyText(), wamid,
				Instant.now()));
		OutboundMessage message = new OutboundMessage(phoneNumberId, wamid, recipientId,
				Json.text(body, "biz_opaque_callback_data"));
		if (failureCode != 0) {
			this.statuses.scheduleFailure(message, failureCode);
		}
		else if (this.meta.autoStatusesEnabled()) {
			this.statuses.scheduleDelivery(message);
		}
		ObjectNode answer = Json.object();
		answer.put("messaging_product", "whatsapp");
		ObjectNode contact = answer.putArray("contacts").addObject();
		contact.put("input", to);
		contact.put("wa_id", recipientId);
		answer.putArray("messages").addObject().put("id", wamid);
		return Reply.ok(answer);
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

	private static boolean hasBearerToken(String authorization) {
		return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
				&& !authorization.substring(7).isBlank();
	}

}
