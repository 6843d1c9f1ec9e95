package dev.switchboard.simulators;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /contacts/{id}/send_content}. Cloud API message objects in
 * {@code messages[]} (e.g. templates) also produce Meta status webhooks carrying
 * {@code biz_opaque_callback_data = {"c":"<recipient phone>"}}, as CBB-sent messages do.
 */
final class CbbSendEndpoint {

	private final CbbSimulator cbb;

	private final CbbStore store;

	private final StatusScheduler statuses;

	CbbSendEndpoint(CbbSimulator cbb, CbbStore store, StatusScheduler statuses) {
		this.cbb = cbb;
		this.store = store;
		this.statuses = statuses;
	}

	Mono<Reply> sendContent(SimRequest request) {
		String contactId = request.param("id");
		Optional<JsonNode> body = Json.parse(request.body());
		if (body.isEmpty() || !body.get().isObject()) {
			return Mono.just(CbbJson.failure(400, "Invalid JSON body"));
		}
		Optional<CbbContact> contact = this.store.contact(contactId);
		if (contact.isEmpty()) {
			return Mono.just(CbbJson.failure("Contact not found"));
		}
		int failureCode = this.cbb.faults()
			.fire(contactId, null, (kind) -> kind == FaultRule.Kind.FAILED_STATUS)
			.map(FaultRule::metaCode)
			.orElse(0);
		List<String> wamids = reportStatuses(contact.get(), body.get(), failureCode);
		String messageId = this.cbb.nextMessageId();
		this.cbb.record(new CbbContent(contact.get().id(), request.bodyText(), messageId, wamids, Instant.now()));
		return Mono.just(Reply.ok(Json.object().put("success", true).put("message_id", messageId)));
	}

	private List<String> reportStatuses(CbbContact contact, JsonNode body, int failureCode) {
		List<String> wamids = new ArrayList<>();
		if (!this.cbb.metaStatusesEnabled()) {
			return wamids;
		}
		for (JsonNode message : body.path("messages")) {
			if (!"whatsapp".equals(Json.text(message, "messaging_product"))) {
				continue;
			}
			String recipient = Phones.digits(Json.text(message, "to", contact.phone()));
			String wamid = Ids.wamid(recipient);
			String callbackData = Json.object().put("c", recipient).toString();
			OutboundMessage outbound = new OutboundMessage(this.cbb.metaPhoneNumberId(), wamid, recipient,
					callbackData);
			if (failureCode != 0) {
				this.statuses.scheduleFailure(outbound, failureCode);
			}
			else {
				this.statuses.scheduleDelivery(outbound);
			}
			wamids.add(wamid);
		}
		return wamids;
	}

}
