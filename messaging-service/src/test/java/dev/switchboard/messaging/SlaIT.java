package dev.switchboard.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

import dev.switchboard.events.Topic;
import dev.switchboard.events.conversations.ConversationChanged;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.EventSubscription;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.infra.SharedInfra;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.switchboard.messaging.InboxApi.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SLA clocks over the API and the running monitor (every 250 ms here): a customer message
 * starts the clock, a private note leaves it running, an agent reply meets it; a queue's
 * policy of seconds breaches, which is announced, raises the priority one step and moves
 * the conversation to the escalation queue; the slaState filter; business hours and
 * policies validated on queues.
 */
class SlaIT extends IntegrationSetup {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final ConcurrentLinkedQueue<ConversationChanged> announced = new ConcurrentLinkedQueue<>();

	/** Numbers of this run (the database outlives runs); a range of its own. */
	private static final int RUN = ThreadLocalRandom.current().nextInt(0, 9_000) * 10;

	private static EventSubscription conversationEvents;

	private InboxApi inbox;

	@BeforeAll
	static synchronized void listen() {
		if (conversationEvents == null) {
			KafkaSettings kafka = new KafkaSettings(SharedInfra.get().kafka().bootstrapServers(), "sla-it");
			conversationEvents = EventConsumer
				.builder(kafka, Topic.CONVERSATIONS_EVENTS, "sla-it", ConversationChanged.class)
				.handler((consumed) -> Mono.fromRunnable(() -> announced.add(consumed.event().data())))
				.start();
			Runtime.getRuntime().addShutdownHook(new Thread(conversationEvents::close, "sla-it-events"));
		}
	}

	@BeforeEach
	void inboxClient() {
		this.inbox = new InboxApi(this.port, events);
	}

	@Test
	void aReplyMeetsTheClockANoteNeverDoesAndABreachIsAnnouncedRaisedAndEscalated() {
		String integration = InboxApi.integration("demo");
		String escalation = (String) created(this.inbox.call(integration, HttpMethod.POST, "/api/v1/queues",
				Map.of("name", "Escalations " + RUN + " " + UUID.randomUUID(), "mode", "MANUAL")))
			.get("id");
		String fast = (String) created(this.inbox.call(integration, HttpMethod.POST, "/api/v1/queues",
				Map.of("name", "Fast " + RUN + " " + UUID.randomUUID(), "mode", "MANUAL", "slaPolicy",
						Map.of("nextResponse", "PT3S", "atRiskShare", 0.5, "escalationQueueId", escalation))))
			.get("id");

		// The first customer message starts the first-response clock (default 2 h).
		String from = number(1);
		Instant first = Instant.now();
		this.inbox.publish(text(from, "wamid.SLA1." + System.nanoTime(), "Where is my visa?"));
		String id = (String) await().atMost(PATIENCE)
			.until(() -> this.inbox.conversationsOf(from), (found) -> found.size() == 1)
			.get(0)
			.get("id");
		Map<String, Object> started = this.inbox.conversation(id);
		assertThat(started).containsEntry("slaState", "ON_TRACK").containsEntry("slaTarget", "FIRST_RESPONSE");
		assertThat(Instant.parse((String) started.get("firstResponseDueAt"))).isBetween(
				first.plus(Duration.ofHours(2)).minusSeconds(60), first.plus(Duration.ofHours(2)).plusSeconds(60));

		// A private note never stops the clock; the reply does.
		this.inbox
			.post("demo", "/api/v1/conversations/{id}/messages", Map.of("text", "Checking", "private", true), null, id)
			.expectStatus()
			.isCreated();
		assertThat(this.inbox.conversation(id)).containsEntry("slaState", "ON_TRACK")
			.containsEntry("slaTarget", "FIRST_RESPONSE");
		this.inbox.post("demo", "/api/v1/conversations/{id}/messages", Map.of("text", "On its way"), null, id)
			.expectStatus()
			.isAccepted();
		Map<String, Object> met = this.inbox.conversation(id);
		assertThat(met).containsEntry("slaState", "MET").containsEntry("slaTarget", null);
		assertThat(listed("MET")).contains(id);

		// In a queue whose next response is due in 3 s, the customer writes again and
		// only a note follows: at risk, then breached.
		this.inbox.post("demo", "/api/v1/conversations/{id}/assign", Map.of("queueId", fast), null, id)
			.expectStatus()
			.isOk();
		this.inbox.publish(text(from, "wamid.SLA2." + System.nanoTime(), "Any news?"));
		await().atMost(PATIENCE).until(() -> "NEXT_RESPONSE".equals(this.inbox.conversation(id).get("slaTarget")));
		this.inbox
			.post("demo", "/api/v1/conversations/{id}/messages", Map.of("text", "Asked the consulate", "private", true),
					null, id)
			.expectStatus()
			.isCreated();
		Map<String, Object> breached = await().atMost(PATIENCE)
			.until(() -> this.inbox.conversation(id), (c) -> "BREACHED".equals(c.get("slaState")));
		Instant due = Instant.parse((String) breached.get("nextResponseDueAt"));
		assertThat(breached).containsEntry("priority", "LOW")
			.containsEntry("status", "OPEN")
			.containsEntry("assigneeId", null);
		assertThat(queueOf(id)).isEqualTo(UUID.fromString(escalation));
		assertThat(inQueue(escalation)).contains(id);
		assertThat(inQueue(fast)).doesNotContain(id);
		this.inbox.get("demo", "/api/v1/conversations?queueId={q}", "not-a-queue")
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("INVALID_QUEUE_ID");
		assertThat(listed("BREACHED")).contains(id);
		assertThat(listed("MET,ON_TRACK")).doesNotContain(id);

		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(announcedFor(id)).extracting(ConversationChanged::change)
				.containsSubsequence("SLA_AT_RISK", "SLA_BREACHED"));
		ConversationChanged breach = announcedFor(id).stream()
			.filter((c) -> c.change().equals("SLA_BREACHED"))
			.findFirst()
			.orElseThrow();
		assertThat(breach.priority()).isEqualTo("LOW");
		assertThat(breach.actor()).isEqualTo("sla");
		// Stamped with the due time, not when the monitor saw it.
		assertThat(breach.at()).isEqualTo(due);
		assertThat(announcedFor(id)).filteredOn((c) -> c.change().startsWith("SLA_")).hasSize(2);
		// The events name the queue: the one it was at risk in, then the escalation
		// queue.
		assertThat(announcedFor(id)).filteredOn((c) -> c.change().equals("SLA_AT_RISK"))
			.extracting(ConversationChanged::queueId)
			.containsOnly(fast);
		await().atMost(PATIENCE)
			.untilAsserted(
					() -> assertThat(announcedFor(id)).extracting(ConversationChanged::queueId).contains(escalation));

		// A breached clock stays breached: the late reply does not make it MET.
		this.inbox.post("demo", "/api/v1/conversations/{id}/messages", Map.of("text", "Sorry for the wait"), null, id)
			.expectStatus()
			.isAccepted();
		assertThat(this.inbox.conversation(id)).containsEntry("slaState", "BREACHED").containsEntry("slaTarget", null);

		this.inbox.get("demo", "/api/v1/conversations?slaState=LATE")
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("INVALID_SLA_STATE");
	}

	@Test
	void queuesAcceptTheDocumentedShapesOnlyAndNameTheFieldTheyCannotUse() {
		String integration = InboxApi.integration("demo");
		Map<String, Object> hours = Map.of("timeZone", "Europe/Berlin", "weekly",
				Map.of("MONDAY",
						List.of(Map.of("from", "09:00", "to", "12:30"), Map.of("from", "13:30", "to", "17:00"))),
				"holidays", List.of("2026-12-25"));
		Map<String, Object> queue = created(this.inbox.call(integration, HttpMethod.POST, "/api/v1/queues",
				Map.of("name", "Hours " + RUN + " " + UUID.randomUUID(), "businessHours", hours, "slaPolicy",
						Map.of("firstResponse", "PT1H"))));
		assertThat(queue.get("businessHours")).isEqualTo(hours);
		String queueId = (String) queue.get("id");

		refused(this.inbox.call(integration, HttpMethod.PATCH, "/api/v1/queues/{id}",
				Map.of("businessHours",
						Map.of("timeZone", "Europe/Berlin", "weekly",
								Map.of("MONDAY", List.of(Map.of("from", "18:00", "to", "17:00"))))),
				queueId), "INVALID_BUSINESS_HOURS", "businessHours.weekly.MONDAY[0].to");
		refused(this.inbox.call(integration, HttpMethod.POST, "/api/v1/queues",
				Map.of("name", "Bad " + RUN, "businessHours", Map.of("mon", List.of("09:00-17:00")))),
				"INVALID_BUSINESS_HOURS", "businessHours.mon");
		refused(this.inbox.call(integration, HttpMethod.PATCH, "/api/v1/queues/{id}",
				Map.of("slaPolicy", Map.of("firstResponse", "2h")), queueId), "INVALID_SLA_POLICY",
				"slaPolicy.firstResponse");
		refused(this.inbox.call(integration, HttpMethod.PATCH, "/api/v1/queues/{id}",
				Map.of("slaPolicy", Map.of("escalationQueueId", UUID.randomUUID().toString())), queueId),
				"INVALID_SLA_POLICY", "slaPolicy.escalationQueueId");
	}

	private static void refused(WebTestClient.ResponseSpec call, String code, String field) {
		call.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo(code)
			.jsonPath("$.field")
			.isEqualTo(field)
			.jsonPath("$.errors[0].field")
			.isEqualTo(field);
	}

	@SuppressWarnings("unchecked")
	private List<Object> listed(String states) {
		Map<String, Object> page = this.inbox
			.json(this.inbox.get("demo", "/api/v1/conversations?slaState={s}&limit=100", states));
		return ((List<Map<String, Object>>) page.get("items")).stream().map((item) -> item.get("id")).toList();
	}

	@SuppressWarnings("unchecked")
	private List<Object> inQueue(String queueId) {
		Map<String, Object> page = this.inbox
			.json(this.inbox.get("demo", "/api/v1/conversations?queueId={q}&limit=100", queueId));
		return ((List<Map<String, Object>>) page.get("items")).stream().map((item) -> item.get("id")).toList();
	}

	private UUID queueOf(String id) {
		return this.database.sql("SELECT queue_id FROM conversations WHERE id = :id")
			.bind("id", UUID.fromString(id))
			.map((row) -> row.get("queue_id", UUID.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> created(WebTestClient.ResponseSpec call) {
		return call.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
	}

	private static List<ConversationChanged> announcedFor(String id) {
		return announced.stream().filter((change) -> change.conversationId().equals(id)).toList();
	}

	/** A contact's number (wa_id digits) of this run, in a range of its own. */
	private static String number(int index) {
		return String.format("9725007%05d", RUN + index);
	}

}
