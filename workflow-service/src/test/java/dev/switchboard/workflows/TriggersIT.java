package dev.switchboard.workflows;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.conversations.ConversationChanged;
import dev.switchboard.events.messaging.MessageStatusChanged;
import dev.switchboard.events.orders.OrderChanged;
import dev.switchboard.events.wa.WaInboundMessage;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Event and cron triggers start runs, once per event or fire. */
class TriggersIT extends IntegrationSetup {

	@Autowired
	DatabaseClient database;

	@Test
	void anInboundKeywordDeliveredTwiceStartsOneRunAndRepliesOnce() {
		String id = this.api.create("kw", """
				{"name":"Opening hours","trigger":{"type":"inbound_message","keywords":["hours"]},
				 "steps":[{"id":"reply","type":"send_message","channel":"demo-meta","to":"{{$.trigger.from}}",
				   "text":"We are open 9:00-18:00, {{$.trigger.profileName}}"}]}
				""");
		EventEnvelope<WaInboundMessage> asked = inbound("kw", "wamid.kw-1", "15550004001", "What are your HOURS?");

		publish(asked, "kw:15550004001");
		publish(asked, "kw:15550004001");
		publish(inbound("kw", "wamid.kw-2", "15550004001", "hello"), "kw:15550004001");
		// Same key, so the same partition: handled after both deliveries of the first.
		publish(inbound("kw", "wamid.kw-3", "15550004001", "hours on sunday?"), "kw:15550004001");

		await().atMost(PATIENCE)
			.until(() -> runsOf("kw", id).size() == 2
					&& runsOf("kw", id).stream().allMatch((run) -> "succeeded".equals(run.get("status"))));
		await().atMost(PATIENCE).until(() -> commandsTo("15550004001").size() >= 2);
		assertThat(commandsTo("15550004001")).hasSize(2)
			.extracting((command) -> command.data().text())
			.containsOnly("We are open 9:00-18:00, Ana");
		assertThat(commandsTo("15550004001")).extracting((command) -> command.data().messageId())
			.doesNotHaveDuplicates();
	}

	@Test
	void aRegexTriggerMatchesTheText() {
		String id = this.api.create("rx", """
				{"name":"Order number","trigger":{"type":"inbound_message","regex":"(?i)order\\\\s+#?\\\\d{4,}"},
				 "steps":[{"id":"note","type":"set","values":{"asked":"{{$.trigger.text}}"}}]}
				""");
		publish(inbound("rx", "wamid.rx-1", "15550005001", "where is order 12345"), "rx:15550005001");
		publish(inbound("rx", "wamid.rx-2", "15550005001", "order soon"), "rx:15550005001");
		publish(inbound("rx", "wamid.rx-3", "15550005001", "Order #98765"), "rx:15550005001");

		await().atMost(PATIENCE).until(() -> runsOf("rx", id).size() == 2);
	}

	@Test
	void anOrderReachingAStatusStartsItsFollowUp() {
		String id = this.api.create("ord",
				"""
						{"name":"Order follow-up","trigger":{"type":"order_status","status":"confirmed"},
						 "steps":[{"id":"later","type":"wait","duration":"PT0.5S"},
						  {"id":"follow-up","type":"send_template","channel":"demo-meta","to":"{{$.trigger.order.customerPhone}}",
						   "template":{"name":"order_follow_up","language":"en",
						    "components":[{"type":"body","parameters":[{"type":"text","text":"{{$.trigger.externalOrderId}}"}]}]}}]}
						""");
		publish(orderChanged("ord", "o-1", "synced", "+15550006001"), "ord:o-1");
		publish(orderChanged("ord", "o-1", "confirmed", "+15550006001"), "ord:o-1");

		await().atMost(PATIENCE).until(() -> commandsTo("+15550006001").size() == 1);
		var command = commandsTo("+15550006001").get(0).data();
		assertThat(command.type()).isEqualTo("template");
		assertThat(command.content()).containsEntry("name", "order_follow_up")
			.containsEntry("language", Map.of("code", "en"));
		assertThat(command.content().toString()).contains("EXT-o-1");
		assertThat(runsOf("ord", id)).hasSize(1);
	}

	@Test
	void aFailedMessageStartsItsEscalation() {
		String id = this.api.create("esc",
				"""
						{"name":"Escalation","trigger":{"type":"message_failed"},
						 "steps":[{"id":"record","type":"set","values":{"failed":"{{$.trigger.messageId}}","code":"{{$.trigger.errorCode}}"}}]}
						""");
		publish(status("esc", "m-ok", "delivered"), "esc:m-ok");
		publish(status("esc", "m-bad", "failed"), "esc:m-bad");

		await().atMost(PATIENCE).until(() -> runsOf("esc", id).size() == 1);
		Map<String, Object> run = await().atMost(PATIENCE)
			.until(() -> this.api.json("esc", "/api/v1/runs/" + runsOf("esc", id).get(0).get("id")),
					(found) -> "succeeded".equals(found.get("status")));
		assertThat(run.get("data").toString()).contains("failed=m-bad").contains("code=131026");
	}

	@Test
	void aBreachedSlaDeliveredTwiceStartsOneRunAndOtherChangesNone() {
		String id = this.api.create("sla", """
				{"name":"Escalate breaches","trigger":{"type":"conversation_sla_breached"},
				 "steps":[{"id":"flag","type":"tag","add":["escalated"]}]}
				""");
		EventEnvelope<ConversationChanged> breached = conversationChanged("sla", "c-1", "SLA_BREACHED", "HIGH",
				List.of("visa"), null);

		publish(conversationChanged("sla", "c-1", "ASSIGNED", "HIGH", List.of("visa"), null), "sla:c-1");
		publish(breached, "sla:c-1");
		publish(breached, "sla:c-1");
		// Same key, so handled after both deliveries of the breach.
		publish(conversationChanged("sla", "c-1", "TAGS_CHANGED", "HIGH", List.of("visa"), null), "sla:c-1");
		String marker = conversationId("c-2");
		publish(conversationChanged("sla", "c-2", "SLA_BREACHED", "LOW", List.of(), null), "sla:c-1");

		await().atMost(PATIENCE).until(() -> runsOf("sla", id).size() == 2);
		await().atMost(PATIENCE).until(() -> commandsFor(marker).size() == 1);
		assertThat(runsOf("sla", id)).hasSize(2);
		Map<String, Object> run = await().atMost(PATIENCE)
			.until(() -> this.api.json("sla", "/api/v1/runs/" + runOf("sla", id, "c-1").get("id")),
					(found) -> "succeeded".equals(found.get("status")));
		assertThat(run.get("trigger")).isEqualTo("conversation_sla_breached");
		assertThat(run.get("data").toString()).contains("conversationId=" + conversationId("c-1"))
			.contains("channelId=demo-meta")
			.contains("contactPhone=+15550008001")
			.contains("priority=HIGH")
			.contains("tags=[visa]");
		assertThat(commandsFor(conversationId("c-1"))).singleElement()
			.satisfies((command) -> assertThat(command.data().addTags()).containsExactly("escalated"));
	}

	@Test
	void aBreachedSlaTriggerFiltersOnQueuePriorityAndTags() {
		String queue = java.util.UUID.randomUUID().toString();
		String id = this.api.create("slaf", """
				{"name":"Urgent visa breaches of one queue",
				 "trigger":{"type":"conversation_sla_breached","queueId":"%s","priority":"URGENT","tags":["VISA"]},
				 "steps":[{"id":"a","type":"set","values":{"x":1}}]}
				""".formatted(queue));
		publish(conversationChanged("slaf", "f-1", "SLA_BREACHED", "URGENT", List.of("visa"), null), "slaf:f");
		publish(conversationChanged("slaf", "f-2", "SLA_BREACHED", "HIGH", List.of("visa"), queue), "slaf:f");
		publish(conversationChanged("slaf", "f-3", "SLA_BREACHED", "URGENT", List.of("refund"), queue), "slaf:f");
		publish(conversationChanged("slaf", "f-4", "SLA_BREACHED", "URGENT", List.of("refund", "Visa"), queue),
				"slaf:f");

		await().atMost(PATIENCE).until(() -> runsOf("slaf", id).size() == 1);
		assertThat(runOf("slaf", id, "f-4")).isNotNull();
		// Handled in order on one partition: had another matched, it would be there too.
		publish(conversationChanged("slaf", "f-5", "SLA_BREACHED", "URGENT", List.of("visa"), queue), "slaf:f");
		await().atMost(PATIENCE).until(() -> runsOf("slaf", id).size() == 2);
		assertThat(runOf("slaf", id, "f-5")).isNotNull();
	}

	@Test
	void aMissedCronFireIsSkippedOrRunOnceByPolicy() {
		String skip = this.api.create("cron", yearly("skip"));
		String once = this.api.create("cron", yearly("run_once"));
		Instant longAgo = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
		this.database.sql("UPDATE workflows.cron_schedules SET next_fire_at = :at WHERE workflow_id IN (:a, :b)")
			.bind("at", longAgo)
			.bind("a", java.util.UUID.fromString(skip))
			.bind("b", java.util.UUID.fromString(once))
			.then()
			.block(PATIENCE);

		await().atMost(PATIENCE).until(() -> runsOf("cron", once).size() == 1);
		assertThat(runsOf("cron", once).get(0).get("data").toString()).contains("missed=true");
		await().atMost(PATIENCE)
			.until(() -> this.database
				.sql("SELECT count(*) AS due FROM workflows.cron_schedules WHERE next_fire_at < now()")
				.map((row) -> row.get("due", Long.class))
				.one()
				.block(PATIENCE) == 0);
		assertThat(runsOf("cron", skip)).isEmpty();
	}

	private static String yearly(String policy) {
		return """
				{"name":"New year","trigger":{"type":"cron","cron":"0 0 0 1 1 *","timeZone":"Asia/Jerusalem","missedFire":"%s"},
				 "steps":[{"id":"a","type":"set","values":{"x":1}}]}
				"""
			.formatted(policy);
	}

	/** The run a conversation's breach started. */
	private Map<String, Object> runOf(String tenantId, String workflowId, String conversation) {
		return runsOf(tenantId, workflowId).stream()
			.filter((run) -> this.api.json(tenantId, "/api/v1/runs/" + run.get("id"))
				.get("data")
				.toString()
				.contains("conversationId=" + conversationId(conversation)))
			.findFirst()
			.orElse(null);
	}

	private static String conversationId(String name) {
		return java.util.UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
	}

	private static EventEnvelope<ConversationChanged> conversationChanged(String tenantId, String name, String change,
			String priority, List<String> tags, String queueId) {
		String conversationId = conversationId(name);
		ConversationChanged changed = new ConversationChanged(conversationId, "demo-meta", "100000000000001",
				java.util.UUID.randomUUID().toString(), "+15550008001", null, change, "OPEN", null, null, priority,
				tags, 1, 3, null, "system", Instant.now(), Instant.now(), queueId);
		return EventEnvelope.of(EventType.CONVERSATION_CHANGED_V1, URI.create("urn:switchboard:messaging-service"),
				tenantId, conversationId, changed);
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> runsOf(String tenantId, String workflowId) {
		return (List<Map<String, Object>>) this.api.json(tenantId, "/api/v1/workflows/" + workflowId + "/runs")
			.get("items");
	}

	static EventEnvelope<WaInboundMessage> inbound(String tenantId, String wamid, String from, String text) {
		WaInboundMessage message = new WaInboundMessage("100000000000001", "200000000000001", "15550000001", wamid,
				from, null, "Ana", Instant.now(), "text", null, null, Map.of("body", text), text, null, null);
		return EventEnvelope.of(EventType.WA_INBOUND_MESSAGE_V1, URI.create("urn:switchboard:webhook-ingest"), tenantId,
				wamid, message);
	}

	private static EventEnvelope<OrderChanged> orderChanged(String tenantId, String orderId, String status,
			String phone) {
		OrderChanged changed = new OrderChanged(orderId, "vizi", "EXT-" + orderId, "il", 1, status, null, null,
				Instant.now(), Map.of("customerPhone", phone));
		return EventEnvelope.of(EventType.ORDER_CHANGED_V1, URI.create("urn:switchboard:order-service"), tenantId,
				orderId, changed);
	}

	private static EventEnvelope<MessageStatusChanged> status(String tenantId, String messageId, String status) {
		MessageStatusChanged changed = new MessageStatusChanged(messageId, null, "demo-meta", "+15550007001", status,
				Instant.now(), "failed".equals(status) ? 131026 : null, null);
		return EventEnvelope.of(EventType.MESSAGE_STATUS_CHANGED_V1, URI.create("urn:switchboard:messaging-service"),
				tenantId, messageId, changed);
	}

}
