package dev.switchboard.events;

import java.util.Arrays;
import java.util.Optional;

import dev.switchboard.events.conversations.ConversationChanged;
import dev.switchboard.events.conversations.ConversationCommand;
import dev.switchboard.events.messaging.MessageStatusChanged;
import dev.switchboard.events.messaging.SendMessageCommand;
import dev.switchboard.events.orders.OrderChanged;
import dev.switchboard.events.orders.OrderReceived;
import dev.switchboard.events.templates.TemplateChanged;
import dev.switchboard.events.tenants.TenantConfig;
import dev.switchboard.events.wa.WaAccountUpdate;
import dev.switchboard.events.wa.WaInboundMessage;
import dev.switchboard.events.wa.WaRawWebhook;
import dev.switchboard.events.wa.WaRejectedWebhook;
import dev.switchboard.events.wa.WaStatus;
import dev.switchboard.events.wa.WaTemplateCategory;
import dev.switchboard.events.wa.WaTemplateQuality;
import dev.switchboard.events.wa.WaTemplateStatus;
import dev.switchboard.events.wa.WaUnknownChange;
import dev.switchboard.events.wa.WaUnroutedChange;
import dev.switchboard.events.workflows.WorkflowRunChanged;

/**
 * Stable, versioned CloudEvents types. A type names its payload record, its topic and its
 * JSON Schema; an incompatible payload change is a new constant with a new version.
 */
public enum EventType {

	/** A WhatsApp status webhook entry for an outgoing message. */
	WA_STATUS_V1("switchboard.wa.status.v1", WaStatus.class, Topic.WA_STATUS),

	/** Meta changed a message template's status (approved, rejected, paused…). */
	WA_TEMPLATE_STATUS_V1("switchboard.wa.template-status.v1", WaTemplateStatus.class, Topic.WA_TEMPLATE),

	/** A WhatsApp message a customer sent to a business number. */
	WA_INBOUND_MESSAGE_V1("switchboard.wa.inbound-message.v1", WaInboundMessage.class, Topic.WA_INBOUND),

	/** Meta re-rated a message template's quality. */
	WA_TEMPLATE_QUALITY_V1("switchboard.wa.template-quality.v1", WaTemplateQuality.class, Topic.WA_TEMPLATE),

	/** Meta re-categorised a message template (or announced it will). */
	WA_TEMPLATE_CATEGORY_V1("switchboard.wa.template-category.v1", WaTemplateCategory.class, Topic.WA_TEMPLATE),

	/**
	 * An account-level WhatsApp change: phone number quality, account updates, errors.
	 */
	WA_ACCOUNT_UPDATE_V1("switchboard.wa.account-update.v1", WaAccountUpdate.class, Topic.WA_ACCOUNT),

	/** A WhatsApp webhook change of a field not modelled (yet), forwarded raw. */
	WA_UNKNOWN_CHANGE_V1("switchboard.wa.unknown-change.v1", WaUnknownChange.class, Topic.WA_ACCOUNT),

	/**
	 * An accepted WhatsApp webhook POST exactly as received (archive, re-drive source).
	 */
	WA_RAW_WEBHOOK_V1("switchboard.wa.raw-webhook.v1", WaRawWebhook.class, Topic.WA_RAW),

	/** A webhook change for a phone number no tenant owns, parked for re-drive. */
	WA_UNROUTED_CHANGE_V1("switchboard.wa.unrouted-change.v1", WaUnroutedChange.class, Topic.WA_UNROUTED),

	/** A signed webhook that could not be understood, parked with the reason. */
	WA_REJECTED_WEBHOOK_V1("switchboard.wa.rejected-webhook.v1", WaRejectedWebhook.class, Topic.WA_REJECTED),

	/** A request to send one message through a channel. */
	MESSAGE_SEND_REQUESTED_V1("switchboard.messaging.send-requested.v1", SendMessageCommand.class,
			Topic.MESSAGING_COMMANDS),

	/** An outbound message moved to a new status. */
	MESSAGE_STATUS_CHANGED_V1("switchboard.messaging.status-changed.v1", MessageStatusChanged.class,
			Topic.MESSAGING_EVENTS),

	/** An order source (e.g. Vizi) delivered an order, body verbatim. */
	ORDER_RECEIVED_V1("switchboard.orders.received.v1", OrderReceived.class, Topic.ORDERS_RECEIVED),

	/** An order moved to a new lifecycle status; carries the order's full state. */
	ORDER_CHANGED_V1("switchboard.orders.order-changed.v1", OrderChanged.class, Topic.ORDERS_EVENTS),

	/** A tenant's message template changed; carries its full state. */
	TEMPLATE_CHANGED_V1("switchboard.templates.template-changed.v1", TemplateChanged.class, Topic.TEMPLATES_EVENTS),

	/** A support conversation changed; carries its full state. */
	CONVERSATION_CHANGED_V1("switchboard.conversations.conversation-changed.v1", ConversationChanged.class,
			Topic.CONVERSATIONS_EVENTS),

	/** An automation asks to tag, assign, queue or unassign a support conversation. */
	CONVERSATION_COMMAND_V1("switchboard.conversations.command.v1", ConversationCommand.class,
			Topic.CONVERSATIONS_COMMANDS),

	/** A workflow run started, finished a step, succeeded, failed or was cancelled. */
	WORKFLOW_RUN_CHANGED_V1("switchboard.workflows.run-changed.v1", WorkflowRunChanged.class, Topic.WORKFLOWS_EVENTS),

	/** A tenant's latest configuration (channels, order sources), secrets encrypted. */
	TENANT_CONFIG_V1("switchboard.tenants.config.v1", TenantConfig.class, Topic.TENANTS_CONFIG);

	private final String type;

	private final Class<?> payloadClass;

	private final Topic topic;

	EventType(String type, Class<?> payloadClass, Topic topic) {
		this.type = type;
		this.payloadClass = payloadClass;
		this.topic = topic;
	}

	/** The CloudEvents {@code type} attribute, e.g. {@code switchboard.wa.status.v1}. */
	public String type() {
		return this.type;
	}

	public Class<?> payloadClass() {
		return this.payloadClass;
	}

	/** The topic events of this type are published to by default. */
	public Topic topic() {
		return this.topic;
	}

	/** Classpath location of the JSON Schema of the payload. */
	public String schemaResource() {
		return "/schemas/" + this.type + ".json";
	}

	public static Optional<EventType> byType(String type) {
		return Arrays.stream(values()).filter((candidate) -> candidate.type.equals(type)).findFirst();
	}

	@Override
	public String toString() {
		return this.type;
	}

}
