package dev.switchboard.simulators;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST} and {@code DELETE /{version}/{waba_id}/message_templates}: Meta's template
 * creation (PENDING at once, then reviewed: a signed
 * {@code message_template_status_update} webhook after
 * {@link MetaTemplates#reviewDelay()}, REJECTED when the name contains {@code reject},
 * APPROVED otherwise) and deletion by name (every language; a DELETED webhook per
 * template).
 */
final class TemplateReviews {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final MetaTemplates templates;

	private final WebhookSender webhooks;

	TemplateReviews(MetaTemplates templates, WebhookSender webhooks) {
		this.templates = templates;
		this.webhooks = webhooks;
	}

	Mono<Reply> create(SimRequest request) {
		if (!MetaTemplatesEndpoint.hasToken(request)) {
			return Mono.just(MetaErrors.reply(190, "An active access token must be used."));
		}
		String wabaId = request.param("wabaId");
		Optional<FaultRule> fault = this.templates.faults().fire(null, wabaId, (kind) -> true);
		if (fault.isPresent() && fault.get().kind() == FaultRule.Kind.META_ERROR) {
			return Mono.just(MetaErrors.reply(fault.get().metaCode(), fault.get().httpStatus()));
		}
		Optional<JsonNode> body = Json.parse(request.body());
		String name = body.map((json) -> Json.text(json, "name")).orElse(null);
		String language = body.map((json) -> Json.text(json, "language")).orElse(null);
		String category = body.map((json) -> Json.text(json, "category")).orElse(null);
		if (name == null || language == null || category == null || !body.get().path("components").isArray()) {
			return Mono.just(MetaErrors.reply(100, "name, language, category and components are required"));
		}
		if (this.templates.find(wabaId, name, language).isPresent()) {
			return Mono.just(MetaErrors.reply(100,
					"Content in this language already exists for this template name (subcode 2388023)"));
		}
		Map<String, Object> template = Json.MAPPER.convertValue(body.get(), MAP);
		template.put("status", "PENDING");
		template.putIfAbsent("parameter_format", "POSITIONAL");
		String id = this.templates.put(wabaId, template);
		boolean rejected = name.toLowerCase(Locale.ROOT).contains("reject");
		String outcome = rejected ? "REJECTED" : "APPROVED";
		Mono.delay(this.templates.reviewDelay()).then(Mono.defer(() -> {
			this.templates.setStatus(wabaId, name, language, outcome);
			return this.webhooks.deliverForWaba(wabaId,
					statusUpdate(wabaId, id, name, language, outcome, rejected ? "INVALID_FORMAT" : "NONE", category));
		})).subscribe();
		ObjectNode answer = Json.object();
		answer.put("id", id);
		answer.put("status", "PENDING");
		answer.put("category", category);
		return Mono.just(Reply.ok(answer));
	}

	Mono<Reply> delete(SimRequest request) {
		if (!MetaTemplatesEndpoint.hasToken(request)) {
			return Mono.just(MetaErrors.reply(190, "An active access token must be used."));
		}
		String wabaId = request.param("wabaId");
		String name = request.queryParam("name");
		if (name == null || name.isBlank()) {
			return Mono.just(MetaErrors.reply(100, "name is required"));
		}
		var removed = this.templates.list(wabaId)
			.stream()
			.filter((template) -> name.equals(Json.text(template, "name")))
			.toList();
		if (removed.isEmpty()) {
			return Mono.just(MetaErrors.reply(100, "Message template not found: " + name));
		}
		this.templates.remove(wabaId, name);
		for (JsonNode template : removed) {
			this.webhooks
				.deliverForWaba(wabaId,
						statusUpdate(wabaId, Json.text(template, "id"), name, Json.text(template, "language"),
								"DELETED", "NONE", Json.text(template, "category")))
				.subscribe();
		}
		return Mono.just(Reply.ok(Json.object().put("success", true)));
	}

	static ObjectNode statusUpdate(String wabaId, String templateId, String name, String language, String event,
			String reason, String category) {
		ObjectNode root = Json.object();
		root.put("object", "whatsapp_business_account");
		ObjectNode entry = root.putArray("entry").addObject();
		entry.put("id", wabaId);
		entry.put("time", Instant.now().getEpochSecond());
		ObjectNode change = entry.putArray("changes").addObject();
		change.put("field", "message_template_status_update");
		ObjectNode value = change.putObject("value");
		value.put("event", event);
		value.put("message_template_id", Long.parseLong(templateId));
		value.put("message_template_name", name);
		value.put("message_template_language", language);
		value.put("reason", reason);
		if (category != null) {
			value.put("message_template_category", category);
		}
		if ("REJECTED".equals(event)) {
			value.putObject("rejection_info")
				.put("reason", "The name asks for a rejection (simulator rule)")
				.put("recommendation", "Choose a name without 'reject'");
		}
		return root;
	}

}
