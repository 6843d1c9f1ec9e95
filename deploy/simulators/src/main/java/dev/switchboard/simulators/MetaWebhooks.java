package dev.switchboard.simulators;

import java.time.Duration;
import java.time.Instant;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Builds Meta's webhook envelopes for the {@code messages} field. */
final class MetaWebhooks {

	private static final Duration CONVERSATION_WINDOW = Duration.ofHours(24);

	private final MetaAccounts accounts;

	MetaWebhooks(MetaAccounts accounts) {
		this.accounts = accounts;
	}

	/**
	 * One status notification. {@code sent} carries conversation and pricing;
	 * {@code failed} carries {@code errors[]} with the given code.
	 */
	ObjectNode status(StatusEvent event) {
		ObjectNode value = value(event.phoneNumberId());
		ObjectNode status = value.putArray("statuses").addObject();
		status.put("id", event.wamid());
		status.put("status", event.status());
		status.put("timestamp", unixSeconds(event.time()));
		status.put("recipient_id", event.recipientId());
		if (event.bizOpaqueCallbackData() != null) {
			status.put("biz_opaque_callback_data", event.bizOpaqueCallbackData());
		}
		if ("sent".equals(event.status())) {
			ObjectNode conversation = status.putObject("conversation");
			conversation.put("id", event.conversationId());
			conversation.put("expiration_timestamp", unixSeconds(event.time().plus(CONVERSATION_WINDOW)));
			conversation.putObject("origin").put("type", "service");
			ObjectNode pricing = status.putObject("pricing");
			pricing.put("billable", true);
			pricing.put("pricing_model", "PMP");
			pricing.put("type", "regular");
			pricing.put("category", "service");
		}
		if ("failed".equals(event.status())) {
			status.putArray("errors").add(MetaErrors.webhookError(event.errorCode()));
		}
		return envelope(event.phoneNumberId(), value);
	}

	/** An incoming text message from a user, with the user's profile name in contacts. */
	ObjectNode incomingText(String phoneNumberId, String from, String profileName, String text, String wamid,
			Instant time) {
		ObjectNode value = value(phoneNumberId);
		ObjectNode contact = value.putArray("contacts").addObject();
		contact.putObject("profile").put("name", profileName);
		contact.put("wa_id", Phones.digits(from));
		ObjectNode message = value.putArray("messages").addObject();
		message.put("from", Phones.digits(from));
		message.put("id", wamid);
		message.put("timestamp", unixSeconds(time));
		message.put("type", "text");
		message.putObject("text").put("body", text);
		return envelope(phoneNumberId, value);
	}

	/**
	 * An incoming message of any type from a user (a phone number, a business-scoped user
	 * id or both), its object as given, with optional context and referral.
	 */
	ObjectNode incoming(IncomingMessage incoming, String wamid, Instant time) {
		ObjectNode value = value(incoming.phoneNumberId());
		ObjectNode contact = value.putArray("contacts").addObject();
		contact.putObject("profile").put("name", incoming.profileName());
		ObjectNode message = value.putArray("messages").addObject();
		if (incoming.from() != null) {
			contact.put("wa_id", Phones.digits(incoming.from()));
			message.put("from", Phones.digits(incoming.from()));
		}
		if (incoming.fromUserId() != null) {
			contact.put("user_id", incoming.fromUserId());
			message.put("from_user_id", incoming.fromUserId());
		}
		message.put("id", wamid);
		message.put("timestamp", unixSeconds(time));
		if (incoming.context() != null) {
			message.set("context", incoming.context());
		}
		if (incoming.referral() != null) {
			message.set("referral", incoming.referral());
		}
		message.put("type", incoming.type());
		message.set(incoming.type(), incoming.payload());
		return envelope(incoming.phoneNumberId(), value);
	}

	private ObjectNode value(String phoneNumberId) {
		ObjectNode value = Json.object();
		value.put("messaging_product", "whatsapp");
		ObjectNode metadata = value.putObject("metadata");
		metadata.put("display_phone_number", this.accounts.displayPhoneNumber(phoneNumberId));
		metadata.put("phone_number_id", phoneNumberId);
		return value;
	}

	private ObjectNode envelope(String phoneNumberId, ObjectNode value) {
		ObjectNode root = Json.object();
		root.put("object", "whatsapp_business_account");
		ObjectNode entry = root.putArray("entry").addObject();
		entry.put("id", this.accounts.wabaId(phoneNumberId));
		ObjectNode change = entry.putArray("changes").addObject();
		change.put("field", "messages");
		change.set("value", value);
		return root;
	}

	private static String unixSeconds(Instant time) {
		return Long.toString(time.getEpochSecond());
	}

	/**
	 * A message a user sends to a business number.
	 *
	 * @param phoneNumberId the business number
	 * @param from the user's phone number, or null
	 * @param fromUserId the user's business-scoped user id, or null
	 * @param profileName the user's profile name
	 * @param type Meta's message type (text, image, interactive, reaction, …)
	 * @param payload the object named after the type
	 * @param context reply context ({@code {"id": "<wamid>"}}), or null
	 * @param referral click-to-WhatsApp referral, or null
	 */
	record IncomingMessage(String phoneNumberId, String from, String fromUserId, String profileName, String type,
			JsonNode payload, JsonNode context, JsonNode referral) {
	}

	/**
	 * One status of one outgoing message.
	 *
	 * @param phoneNumberId business phone number that sent the message
	 * @param wamid message id returned by the send
	 * @param recipientId recipient digits
	 * @param status sent, delivered, read, failed (or any other value a test wants)
	 * @param bizOpaqueCallbackData callback data given at send time, or null
	 * @param conversationId conversation id for {@code sent}
	 * @param errorCode error code for {@code failed}
	 * @param time status time
	 */
	record StatusEvent(String phoneNumberId, String wamid, String recipientId, String status,
			String bizOpaqueCallbackData, String conversationId, int errorCode, Instant time) {
	}

}
