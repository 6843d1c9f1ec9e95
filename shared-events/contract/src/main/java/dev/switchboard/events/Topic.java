package dev.switchboard.events;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The topic catalog: every Kafka topic of the platform, its key rule and its retention.
 * Topic names carry their version so that an incompatible change gets a new topic.
 */
public enum Topic {

	/** Raw webhook bodies as received, for replay and audit. */
	WA_RAW("wa.raw.v1", "phone_number_id or \"unknown\"", Duration.ofDays(30), false),

	/** One event per WhatsApp status (sent, delivered, read, failed, played). */
	WA_STATUS("wa.status.v1", "tenantId:recipient_id", Duration.ofDays(7), false),

	/** One event per inbound WhatsApp message. */
	WA_INBOUND("wa.inbound.v1", "tenantId:from", Duration.ofDays(7), false),

	/** Template status, quality and category changes reported by Meta. */
	WA_TEMPLATE("wa.template.v1", "tenantId:template id", Duration.ofDays(30), false),

	/** Account level updates (WABA, phone number quality, limits). */
	WA_ACCOUNT("wa.account.v1", "tenantId:waba id", Duration.ofDays(30), false),

	/** Webhooks whose phone_number_id belongs to no known tenant. */
	WA_UNROUTED("wa.unrouted.v1", "phone_number_id or \"unknown\"", Duration.ofDays(30), false),

	/** Webhooks refused (bad signature, malformed body), kept for investigation. */
	WA_REJECTED("wa.rejected.v1", "phone_number_id or \"unknown\"", Duration.ofDays(30), false),

	/** Commands to the messaging service (send a message). */
	MESSAGING_COMMANDS("messaging.commands.v1", "tenantId:channelId", Duration.ofDays(7), false),

	/** Facts about outbound messages (status changes). */
	MESSAGING_EVENTS("messaging.events.v1", "tenantId:messageId", Duration.ofDays(30), false),

	/** Orders as received from order sources. */
	ORDERS_RECEIVED("orders.received.v1", "tenantId:orderId", Duration.ofDays(30), false),

	/** Order lifecycle facts (created, confirmed, shipped, delivered). */
	ORDERS_EVENTS("orders.events.v1", "tenantId:orderId", Duration.ofDays(365), false),

	/** Template lifecycle facts, each with the template's full state. */
	TEMPLATES_EVENTS("templates.events.v1", "tenantId:wabaId:name:language", Duration.ofDays(30), false),

	/**
	 * Support conversation facts (opened, message added, assigned, resolved…), each with
	 * the conversation's full state.
	 */
	CONVERSATIONS_EVENTS("conversations.events.v1", "tenantId:conversationId", Duration.ofDays(30), false),

	/**
	 * Commands to a support conversation (tag, assign, queue, unassign) from automations;
	 * one conversation's commands in order.
	 */
	CONVERSATIONS_COMMANDS("conversations.commands.v1", "tenantId:conversationId", Duration.ofDays(7), false),

	/** Workflow run facts (started, step finished, succeeded, failed, cancelled). */
	WORKFLOWS_EVENTS("workflows.events.v1", "tenantId:runId", Duration.ofDays(30), false),

	/** Tenant and channel configuration, latest value per tenant. */
	TENANTS_CONFIG("tenants.config.v1", "tenantId", Duration.ofDays(7), true);

	/** Partitions of every topic unless stated otherwise. */
	public static final int DEFAULT_PARTITIONS = 6;

	/**
	 * Largest record of {@link #WA_RAW}: Meta's 3 MB body plus a margin, JSON-escaped
	 * inside the event (quotes and backslashes double).
	 */
	public static final int RAW_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

	private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]+");

	private final String topicName;

	private final String keyRule;

	private final Duration retention;

	private final boolean compacted;

	Topic(String topicName, String keyRule, Duration retention, boolean compacted) {
		this.topicName = topicName;
		this.keyRule = keyRule;
		this.retention = retention;
		this.compacted = compacted;
	}

	/** The Kafka topic name, e.g. {@code wa.status.v1}. */
	public String topicName() {
		return this.topicName;
	}

	/** How the record key is built, in words (keeps per-key ordering explicit). */
	public String keyRule() {
		return this.keyRule;
	}

	public int partitions() {
		return DEFAULT_PARTITIONS;
	}

	/**
	 * Retention for delete-policy topics; compacted topics keep the latest value per key.
	 */
	public Duration retention() {
		return this.retention;
	}

	public boolean compacted() {
		return this.compacted;
	}

	/**
	 * The topic's {@code max.message.bytes} when it must exceed the broker default (1
	 * MB): only the raw webhook archive carries records that large.
	 */
	public OptionalInt maxMessageBytes() {
		return (this == WA_RAW) ? OptionalInt.of(RAW_MAX_MESSAGE_BYTES) : OptionalInt.empty();
	}

	/** The dead-letter topic of one consumer group: {@code <topic>.dlq.<group>}. */
	public String dlq(String consumerGroup) {
		return dlqName(this.topicName, consumerGroup);
	}

	/** The dead-letter topic name for any topic name and consumer group. */
	public static String dlqName(String topicName, String consumerGroup) {
		if (consumerGroup == null || !LEGAL_NAME.matcher(consumerGroup).matches()) {
			throw new IllegalArgumentException("Consumer group must match [a-zA-Z0-9._-]+: " + consumerGroup);
		}
		return topicName + ".dlq." + consumerGroup;
	}

	public static Optional<Topic> byName(String topicName) {
		return Arrays.stream(values()).filter((topic) -> topic.topicName.equals(topicName)).findFirst();
	}

	@Override
	public String toString() {
		return this.topicName;
	}

}
