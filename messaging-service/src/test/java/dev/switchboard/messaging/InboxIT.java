package dev.switchboard.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
import dev.switchboard.events.wa.WaError;
import dev.switchboard.events.wa.WaInboundMessage;
import dev.switchboard.infra.SharedInfra;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.switchboard.messaging.InboxApi.inbound;
import static dev.switchboard.messaging.InboxApi.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The inbox on real Kafka and PostgreSQL: every inbound type stored as Meta sent it and
 * once per wamid, contacts by number and by business-scoped user id, the reopen rules,
 * reactions that never reopen, one contact's concurrent messages, agent replies through
 * the send path, private notes, tenant isolation and the conversation events.
 */
class InboxIT extends IntegrationSetup {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	/** Every change the service announced on conversations.events.v1. */
	private static final ConcurrentLinkedQueue<ConversationChanged> announced = new ConcurrentLinkedQueue<>();

	/**
	 * Numbers of this run (a database kept between runs holds the last run's contacts);
	 * below PostgresOutageIT's range.
	 */
	private static final int RUN = ThreadLocalRandom.current().nextInt(100, 1_900) * 20;

	private static EventSubscription conversationEvents;

	private InboxApi inbox;

	@BeforeAll
	static synchronized void listen() {
		if (conversationEvents == null) {
			KafkaSettings kafka = new KafkaSettings(SharedInfra.get().kafka().bootstrapServers(), "inbox-it");
			conversationEvents = EventConsumer
				.builder(kafka, Topic.CONVERSATIONS_EVENTS, "inbox-it", ConversationChanged.class)
				.handler((consumed) -> Mono.fromRunnable(() -> announced.add(consumed.event().data())))
				.start();
			Runtime.getRuntime().addShutdownHook(new Thread(conversationEvents::close, "inbox-it-events"));
		}
	}

	@BeforeEach
	void inboxClient() {
		this.inbox = new InboxApi(this.port, events);
	}

	@Test
	void everyInboundTypeIsStoredAsMetaSentItOncePerWamid() {
		String from = number(1);
		Instant at = Instant.now().minusSeconds(60);
		String prefix = "wamid.TYPES." + System.nanoTime() + ".";
		List<WaInboundMessage> messages = List.of(
				InboxApi.withContext(text(from, prefix + "text", "Where is my visa?"), null,
						Map.of("source_type", "ad", "source_id", "120000000000", "ctwa_clid", "ARAk", "headline",
								"Visas in 3 days")),
				inbound(from, null, prefix + "image", "image",
						Map.of("id", "1479537139650973", "mime_type", "image/jpeg", "sha256", "abc=", "caption",
								"My passport"),
						"My passport", at.plusSeconds(1)),
				inbound(from, null, prefix + "document", "document",
						Map.of("id", "2222", "mime_type", "application/pdf", "sha256", "def=", "filename", "form.pdf"),
						null, at.plusSeconds(2)),
				inbound(from, null, prefix + "location", "location",
						Map.of("latitude", 32.0853, "longitude", 34.7818, "name", "Office"), null, at.plusSeconds(3)),
				inbound(from, null, prefix + "contacts", "contacts",
						Map.of("contacts",
								List.of(Map.of("name", Map.of("formatted_name", "Dana"), "phones",
										List.of(Map.of("phone", "+972500000009", "type", "CELL"))))),
						null, at.plusSeconds(4)),
				InboxApi.withContext(inbound(
						from, null, prefix + "button", "button", Map.of("payload", "CONFIRM", "text", "Confirm"),
						"Confirm", at.plusSeconds(5)), prefix + "image", null),
				InboxApi.withContext(inbound(from, null, prefix + "interactive", "interactive",
						Map.of("type", "button_reply", "button_reply", Map.of("id", "yes", "title", "Yes")), "Yes",
						at.plusSeconds(6)), "wamid.NOT-OURS", null),
				new WaInboundMessage(DEMO_NUMBER, "200000000000001", "15550000001", prefix + "unsupported", from, null,
						"Ana", at.plusSeconds(7), "unsupported", null, null, Map.of("type", "poll_creation"), null,
						List.of(new WaError(131051, "Message type unknown", "Message type unknown",
								"Message type is currently not supported.", null)),
						null));
		messages.forEach(this.inbox::publish);
		// Meta re-sends the text: the same event again, and a new event of the same
		// wamid.
		this.inbox.publish(messages.get(0));

		List<Map<String, Object>> timeline = await().atMost(PATIENCE).until(() -> {
			List<Map<String, Object>> conversations = this.inbox.conversationsOf(from);
			return conversations.isEmpty() ? List.of() : this.inbox.timeline((String) conversations.get(0).get("id"));
		}, (entries) -> entries.size() == messages.size());
		assertThat(this.inbox.conversationsOf(from)).hasSize(1);
		Map<String, Map<String, Object>> byWamid = new HashMap<>();
		timeline.forEach((entry) -> byWamid.put((String) entry.get("wamid"), entry));
		assertThat(timeline).allSatisfy((entry) -> assertThat(entry.get("kind")).isEqualTo("INBOUND"));
		assertThat(byWamid.get(prefix + "text").get("referral")).isEqualTo(Map.of("source_type", "ad", "source_id",
				"120000000000", "ctwa_clid", "ARAk", "headline", "Visas in 3 days"));
		assertThat(byWamid.get(prefix + "image").get("content")).isEqualTo(Map.of("id", "1479537139650973", "mime_type",
				"image/jpeg", "sha256", "abc=", "caption", "My passport"));
		assertThat(byWamid.get(prefix + "image").get("text")).isEqualTo("My passport");
		assertThat(((Map<?, ?>) byWamid.get(prefix + "document").get("content")).get("filename")).isEqualTo("form.pdf");
		assertThat(((Map<?, ?>) byWamid.get(prefix + "location").get("content")).get("latitude")).isEqualTo(32.0853);
		assertThat(byWamid.get(prefix + "contacts").get("type")).isEqualTo("contacts");
		// A button tap is linked to the message it answers; an unknown origin keeps its
		// wamid.
		Map<?, ?> buttonReply = (Map<?, ?>) byWamid.get(prefix + "button").get("replyTo");
		assertThat(buttonReply.get("wamid")).isEqualTo(prefix + "image");
		assertThat(buttonReply.get("entryId")).isEqualTo(byWamid.get(prefix + "image").get("id"));
		assertThat(((Map<?, ?>) byWamid.get(prefix + "interactive").get("replyTo")).get("entryId")).isNull();
		assertThat((List<?>) byWamid.get(prefix + "unsupported").get("errors")).hasSize(1);
		// Stored once, however often Meta sent it.
		assertThat(count("SELECT count(*) FROM conversation_entries WHERE wamid = '" + prefix + "text'")).isEqualTo(1);
	}

	@Test
	void aResolvedConversationReopensOnACustomerMessageAndANewOneStartsAfterArchive() {
		String from = number(2);
		this.inbox.publish(text(from, "wamid.REOPEN.1." + System.nanoTime(), "Hello"));
		Map<String, Object> first = awaitConversation(from, 1);
		String id = (String) first.get("id");
		assertThat(first.get("status")).isEqualTo("OPEN");
		assertThat(first.get("unreadCount")).isEqualTo(1);
		assertThat(first.get("windowOpen")).isEqualTo(true);

		this.inbox.json(this.inbox.post("demo", "/api/v1/conversations/{id}/resolve", null, null, id));
		// Acting on a resolved conversation is refused; replies never reopen it.
		expectClosed(this.inbox.post("demo", "/api/v1/conversations/{id}/messages", Map.of("text", "Anything else?"),
				null, id));
		expectClosed(this.inbox.post("demo", "/api/v1/conversations/{id}/messages",
				Map.of("text", "note", "private", true), null, id));
		expectClosed(this.inbox.post("demo", "/api/v1/conversations/{id}/read", null, null, id));
		assertThat(this.inbox.conversation(id).get("status")).isEqualTo("RESOLVED");

		this.inbox.publish(text(from, "wamid.REOPEN.2." + System.nanoTime(), "One more thing"));
		await().atMost(PATIENCE).until(() -> this.inbox.conversation(id).get("status"), "OPEN"::equals);
		Map<String, Object> reopened = this.inbox.conversation(id);
		assertThat(reopened.get("reopenCount")).isEqualTo(1);
		assertThat(this.inbox.conversationsOf(from)).hasSize(1);
		assertThat(this.inbox.timeline(id)).extracting((entry) -> entry.get("activity"))
			.containsSubsequence("REOPENED", "RESOLVED");

		// Resolved, then archived: read-only; the customer's next message starts anew.
		this.inbox.json(this.inbox.post("demo", "/api/v1/conversations/{id}/resolve", null, null, id));
		this.database.sql("UPDATE conversations SET status = 'ARCHIVED', archived_at = now() WHERE id = :id::uuid")
			.bind("id", id)
			.then()
			.block(Duration.ofSeconds(10));
		expectClosed(this.inbox.post("demo", "/api/v1/conversations/{id}/reopen", null, null, id));
		this.inbox.publish(text(from, "wamid.REOPEN.3." + System.nanoTime(), "Back again"));
		Map<String, Object> next = awaitConversation(from, 2);
		assertThat(next.get("id")).isNotEqualTo(id);
		assertThat(next.get("previousConversationId")).isEqualTo(id);
		assertThat(next.get("status")).isEqualTo("OPEN");
		assertThat(this.inbox.conversation(id).get("status")).isEqualTo("ARCHIVED");

		// An agent may reopen a resolved conversation, not while another one is open.
		this.inbox.json(this.inbox.post("demo", "/api/v1/conversations/{id}/resolve", null, null, next.get("id")));
		Map<String, Object> byAgent = this.inbox
			.json(this.inbox.post("demo", "/api/v1/conversations/{id}/reopen", null, null, next.get("id")));
		assertThat(byAgent.get("status")).isEqualTo("OPEN");

		// Every change was announced, in order, each version one up.
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(announcedFor(id)).extracting(ConversationChanged::change)
				.containsSubsequence("CREATED", "RESOLVED", "REOPENED", "MESSAGE_RECEIVED", "RESOLVED"));
		List<Long> versions = announcedFor(id).stream().map(ConversationChanged::version).toList();
		assertThat(versions).isSorted();
	}

	@Test
	void aReactionIsAppliedToItsMessageAndNeverReopensNorAddsAnEntry() {
		String from = number(3);
		String target = "wamid.REACT.T." + System.nanoTime();
		this.inbox.publish(text(from, target, "Thanks"));
		String id = (String) awaitConversation(from, 1).get("id");
		this.inbox.json(this.inbox.post("demo", "/api/v1/conversations/{id}/resolve", null, null, id));
		long versionBefore = ((Number) this.inbox.conversation(id).get("version")).longValue();

		this.inbox.publish(inbound(from, null, "wamid.REACT.R." + System.nanoTime(), "reaction",
				Map.of("message_id", target, "emoji", "\uD83D\uDC4D"), null, Instant.now()));
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(this.inbox.timeline(id))
				.anySatisfy((entry) -> assertThat(entry.get("reactions")).isNotNull()));

		Map<String, Object> after = this.inbox.conversation(id);
		assertThat(after.get("status")).isEqualTo("RESOLVED");
		assertThat(((Number) after.get("version")).longValue()).isEqualTo(versionBefore);
		List<Map<String, Object>> timeline = this.inbox.timeline(id);
		assertThat(timeline).filteredOn((entry) -> "INBOUND".equals(entry.get("kind"))).hasSize(1);
		assertThat((List<?>) timeline.stream()
			.filter((entry) -> target.equals(entry.get("wamid")))
			.findFirst()
			.orElseThrow()
			.get("reactions")).singleElement()
			.extracting((reaction) -> ((Map<?, ?>) reaction).get("emoji"))
			.isEqualTo("\uD83D\uDC4D");

		// Removing it (an empty emoji) clears it.
		this.inbox.publish(inbound(from, null, "wamid.REACT.X." + System.nanoTime(), "reaction",
				Map.of("message_id", target, "emoji", ""), null, Instant.now().plusSeconds(1)));
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(this.inbox.timeline(id))
				.allSatisfy((entry) -> assertThat(entry.get("reactions")).isNull()));
		assertThat(this.inbox.conversation(id).get("status")).isEqualTo("RESOLVED");
	}

	@Test
	void concurrentMessagesOfOneContactMakeOneContactAndOneConversation() {
		String from = number(4);
		String userId = "IL.9" + System.nanoTime();
		int count = 40;
		// Half keyed by number, half by user id (different partitions), published at
		// once.
		Flux.range(0, count).flatMap((i) -> Mono.fromRunnable(() -> {
			WaInboundMessage message = inbound((i % 2 == 0) ? from : null, userId, "wamid.CONC." + userId + "." + i,
					"text", Map.of("body", "m" + i), "m" + i, Instant.now());
			this.inbox.publish(message);
		}).subscribeOn(Schedulers.boundedElastic()), 8).blockLast(PATIENCE);

		await().atMost(PATIENCE)
			.until(() -> count(
					"SELECT count(*) FROM conversation_entries WHERE wamid LIKE 'wamid.CONC." + userId + ".%'"),
					(n) -> n == count);
		assertThat(count("SELECT count(*) FROM contact_identities WHERE value IN ('" + from + "', '" + userId + "')"))
			.isEqualTo(2);
		assertThat(count("SELECT count(DISTINCT contact_id) FROM contact_identities WHERE value IN ('" + from + "', '"
				+ userId + "')"))
			.isEqualTo(1);
		List<Map<String, Object>> conversations = this.inbox.conversationsOf(from);
		assertThat(conversations).hasSize(1);
		assertThat(conversations.get(0).get("unreadCount")).isEqualTo(count);
	}

	@Test
	void agentRepliesGoThroughTheSendPathOnceNotesNeverLeaveAndTheWindowDecides() {
		String from = number(5);
		this.inbox.publish(text(from, "wamid.REPLY.1." + System.nanoTime(), "Can you help?"));
		String id = (String) awaitConversation(from, 1).get("id");
		await().atMost(PATIENCE)
			.until(() -> count(
					"SELECT count(*) FROM service_windows WHERE tenant_id = 'demo' AND contact = '" + from + "'") == 1);

		Map<String, Object> reply = this.inbox.json(this.inbox.post("demo", "/api/v1/conversations/{id}/messages",
				Map.of("text", "Of course"), "reply-" + id, id));
		Map<String, Object> repeat = this.inbox.json(this.inbox.post("demo", "/api/v1/conversations/{id}/messages",
				Map.of("text", "Of course"), "reply-" + id, id));
		assertThat(repeat.get("messageId")).isEqualTo(reply.get("messageId"));
		assertThat(repeat.get("entryId")).isEqualTo(reply.get("entryId"));
		assertThat(repeat.get("repeat")).isEqualTo(true);
		String messageId = (String) reply.get("messageId");
		Map<String, Object> sent = this.api.awaitMessage(messageId, (m) -> m.get("wamid") != null);
		assertThat(gate.requests("+" + from)).isEqualTo(1);
		events.publish(KafkaEvents.status((String) sent.get("wamid"), from, "delivered", Instant.now()));
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(this.inbox.timeline(id))
				.anySatisfy((entry) -> assertThat(entry.get("message")).isNotNull()
					.extracting((message) -> ((Map<?, ?>) message).get("status"))
					.isEqualTo("delivered")));

		Map<String, Object> note = this.inbox.json(this.inbox.post("demo", "/api/v1/conversations/{id}/messages",
				Map.of("text", "Customer is a VIP", "private", true), null, id));
		assertThat(note.get("kind")).isEqualTo("NOTE");
		assertThat(gate.requests("+" + from)).isEqualTo(1);
		assertThat(this.inbox.timeline(id)).extracting((entry) -> entry.get("kind"))
			.containsExactly("NOTE", "OUTBOUND", "INBOUND");
		Map<String, Object> conversation = this.inbox.conversation(id);
		assertThat(conversation.get("waitingSince")).isNull();

		// A stale version is a conflict; reading clears the unread count.
		this.inbox.post("demo", "/api/v1/conversations/{id}/read", Map.of("version", 0), null, id)
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VERSION_CONFLICT");
		Map<String, Object> read = this.inbox.json(this.inbox.post("demo", "/api/v1/conversations/{id}/read",
				Map.of("version", conversation.get("version")), null, id));
		assertThat(read.get("unreadCount")).isEqualTo(0);
	}

	@Test
	void outsideTheWindowOnlyATemplateGoesOut() {
		String from = number(6);
		this.inbox.publish(inbound(from, null, "wamid.OLD." + System.nanoTime(), "text", Map.of("body", "Old"), "Old",
				Instant.now().minus(Duration.ofHours(30))));
		String id = (String) awaitConversation(from, 1).get("id");
		assertThat(this.inbox.conversation(id).get("windowOpen")).isEqualTo(false);
		this.inbox.post("demo", "/api/v1/conversations/{id}/messages", Map.of("text", "Hello?"), null, id)
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("OUTSIDE_SERVICE_WINDOW");
		// The refused reply left nothing. The SLA monitor may have noted the old
		// message's breach meanwhile: an activity, not a message.
		assertThat(this.inbox.timeline(id)).extracting((entry) -> entry.get("kind"))
			.isSubsetOf("INBOUND", "ACTIVITY")
			.containsOnlyOnce("INBOUND");
		this.inbox
			.post("demo", "/api/v1/conversations/{id}/messages",
					Map.of("type", "template", "template",
							Map.of("name", "hello_world", "language", Map.of("code", "en_US"))),
					null, id)
			.expectStatus()
			.isAccepted();
	}

	@Test
	void aContactKnownOnlyByItsUserIdGetsAWindowAndAConversationAndANumberChangeKeepsTheHistory() {
		String userId = "IL.7" + System.nanoTime();
		this.inbox.publish(inbound(null, userId, "wamid.BSUID." + System.nanoTime(), "text", Map.of("body", "Hi"), "Hi",
				Instant.now()));
		await().atMost(PATIENCE)
			.until(() -> count("SELECT count(*) FROM service_windows WHERE contact = '" + userId + "'") == 1
					&& count("SELECT count(*) FROM conversations c JOIN contacts ct ON ct.id = c.contact_id "
							+ "WHERE ct.user_id = '" + userId + "' AND c.status = 'OPEN'") == 1);
		String conversationId = this.database.sql(
				"SELECT c.id::text FROM conversations c JOIN contacts ct ON ct.id = c.contact_id WHERE ct.user_id = :u")
			.bind("u", userId)
			.map((row) -> row.get(0, String.class))
			.one()
			.block(Duration.ofSeconds(10));
		this.inbox.post("demo", "/api/v1/conversations/{id}/messages", Map.of("text", "Hello"), null, conversationId)
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("CONTACT_UNREACHABLE");
		Map<String, Object> byUserId = this.inbox.json(this.inbox.get("demo", "/api/v1/contacts?q={q}", userId));
		assertThat((List<?>) byUserId.get("items")).singleElement().satisfies((found) -> {
			assertThat(((Map<?, ?>) found).get("userId")).isEqualTo(userId);
			assertThat(((Map<?, ?>) found).get("phone")).isNull();
		});

		// A number contact changes number: same contact, same conversation, new number.
		String oldNumber = number(7);
		String newNumber = number(8);
		this.inbox.publish(text(oldNumber, "wamid.NUM.1." + System.nanoTime(), "Before"));
		String id = (String) awaitConversation(oldNumber, 1).get("id");
		this.inbox.publish(inbound(oldNumber, null, "wamid.NUM.S." + System.nanoTime(), "system",
				Map.of("body", "User A changed from " + oldNumber + " to " + newNumber, "wa_id", newNumber, "type",
						"user_changed_number"),
				null, Instant.now()));
		// Keyed by the old number: applied before the customer writes from the new one.
		await().atMost(PATIENCE).until(() -> this.inbox.timeline(id).size() == 2);
		this.inbox.publish(text(newNumber, "wamid.NUM.2." + System.nanoTime(), "After"));
		await().atMost(PATIENCE).until(() -> this.inbox.timeline(id).size() == 3);
		Map<?, ?> contact = (Map<?, ?>) this.inbox.conversation(id).get("contact");
		assertThat(contact.get("phone")).isEqualTo("+" + newNumber);
		assertThat(this.inbox.conversationsOf(newNumber)).singleElement()
			.extracting((conversation) -> conversation.get("id"))
			.isEqualTo(id);
		Map<String, Object> contacts = this.inbox.json(this.inbox.get("demo", "/api/v1/contacts?phone={p}", newNumber));
		assertThat((List<?>) contacts.get("items")).singleElement()
			.extracting((found) -> ((Map<?, ?>) found).get("id"))
			.isEqualTo(contact.get("id"));
		this.inbox.json(this.inbox.get("demo", "/api/v1/contacts/{id}", contact.get("id")));
	}

	@Test
	void anotherTenantsIdsAreNotFound() {
		String from = number(9);
		this.inbox.publish(text(from, "wamid.TENANT." + System.nanoTime(), "Private"));
		Map<String, Object> conversation = awaitConversation(from, 1);
		String id = (String) conversation.get("id");
		Object contactId = ((Map<?, ?>) conversation.get("contact")).get("id");
		List<WebTestClient.ResponseSpec> calls = List.of(this.inbox.get("acme", "/api/v1/conversations/{id}", id),
				this.inbox.get("acme", "/api/v1/conversations/{id}/messages", id),
				this.inbox.get("acme", "/api/v1/contacts/{id}", contactId),
				this.inbox.post("acme", "/api/v1/conversations/{id}/resolve", null, null, id),
				this.inbox.post("acme", "/api/v1/conversations/{id}/read", null, null, id),
				this.inbox.post("acme", "/api/v1/conversations/{id}/assign", Map.of("agentId", "a1"), null, id),
				this.inbox.post("acme", "/api/v1/conversations/{id}/messages", Map.of("text", "x"), null, id),
				this.inbox.patch("acme", "/api/v1/conversations/{id}", Map.of("priority", "HIGH"), id),
				this.inbox.get("demo", "/api/v1/conversations/not-a-uuid"));
		calls
			.forEach((call) -> call.expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND"));
		assertThat((List<?>) this.inbox.json(this.inbox.get("acme", "/api/v1/conversations?q={q}", from)).get("items"))
			.isEmpty();
		assertThat(this.inbox.conversation(id).get("status")).isEqualTo("OPEN");
	}

	@Test
	void theListFiltersCountsAndPagesAndAgentsAssignPrioritiseAndTag() {
		String from = number(10);
		this.inbox.publish(text(from, "wamid.LIST." + System.nanoTime(), "Refund please, order R" + RUN));
		String id = (String) awaitConversation(from, 1).get("id");

		Map<String, Object> assigned = this.inbox.json(
				this.inbox.post("demo", "/api/v1/conversations/{id}/assign", Map.of("agentId", "agent-ana"), null, id));
		assertThat(assigned.get("status")).isEqualTo("ASSIGNED");
		// Tags come from the tenant's catalogue (kept between runs, like the database).
		for (String tag : List.of("refund", "vip")) {
			this.inbox.post("demo", "/api/v1/tags", Map.of("name", tag), null)
				.expectStatus()
				.value((status) -> assertThat(status).isIn(201, 409));
		}
		Map<String, Object> tagged = this.inbox.json(this.inbox.patch("demo", "/api/v1/conversations/{id}",
				Map.of("priority", "HIGH", "tags", List.of("Refund", "vip")), id));
		assertThat(tagged.get("tags")).isEqualTo(List.of("refund", "vip"));
		assertThat(tagged.get("priority")).isEqualTo("HIGH");

		assertThat(ids("/api/v1/conversations?assignee=agent-ana&status=ASSIGNED&tag=refund&priority=HIGH&unread=true"))
			.contains(id);
		assertThat(ids("/api/v1/conversations?q=order R" + RUN)).containsExactly(id);
		assertThat(ids("/api/v1/conversations?q=REFUND PLEASE, ORDER R" + RUN)).containsExactly(id);
		// A wildcard in the fragment is a literal character.
		assertThat(
				(List<?>) this.inbox.json(this.inbox.get("demo", "/api/v1/conversations?q={q}", "order R" + RUN + "%"))
					.get("items"))
			.isEmpty();
		assertThat(ids("/api/v1/conversations?assignee=unassigned")).doesNotContain(id);
		this.inbox.json(this.inbox.post("demo", "/api/v1/conversations/{id}/unassign", null, null, id));
		assertThat(ids("/api/v1/conversations?assignee=unassigned&status=OPEN")).contains(id);
		assertThat(this.inbox.timeline(id)).extracting((entry) -> entry.get("activity"))
			.containsSubsequence("UNASSIGNED", "PRIORITY_CHANGED", "ASSIGNED");

		// The tenant's figures are reused for a few seconds.
		Map<String, Object> counts = await().atMost(Duration.ofSeconds(20))
			.until(() -> this.inbox.json(this.inbox.get("demo", "/api/v1/conversations/counts")),
					(figures) -> ((Number) figures.get("open")).longValue() > 0);
		assertThat(((Number) counts.get("all")).longValue()).isGreaterThanOrEqualTo(
				((Number) counts.get("open")).longValue() + ((Number) counts.get("resolved")).longValue());

		// Keyset pages of one: every conversation once, none twice.
		List<Object> seen = new ArrayList<>();
		String cursor = null;
		do {
			Map<String, Object> page = this.inbox
				.json((cursor == null) ? this.inbox.get("demo", "/api/v1/conversations?limit=2")
						: this.inbox.get("demo", "/api/v1/conversations?limit=2&cursor={c}", cursor));
			((List<?>) page.get("items")).forEach((item) -> seen.add(((Map<?, ?>) item).get("id")));
			cursor = (String) page.get("nextCursor");
		}
		while (cursor != null);
		assertThat(seen).doesNotHaveDuplicates().contains(id);

		this.inbox.get("demo", "/api/v1/conversations?status=LOST").expectStatus().isBadRequest();
		this.inbox.get("demo", "/api/v1/conversations?assignee=me").expectStatus().isBadRequest();
		this.inbox.get("demo", "/api/v1/conversations?cursor=nope").expectStatus().isBadRequest();
		this.inbox.get("demo", "/api/v1/conversations?sort=x").expectStatus().isBadRequest();
		this.inbox.patch("demo", "/api/v1/conversations/{id}", Map.of("priority", "SOON"), id)
			.expectStatus()
			.isBadRequest();
	}

	@Test
	void adminsManageAgentsAndQueuesAndAgentsActOnTheirOwnConversations() {
		String integration = InboxApi.integration("demo");
		Map<String, Object> queue = created(this.inbox.call(integration, HttpMethod.POST, "/api/v1/queues",
				Map.of("name", "Sales " + RUN, "mode", "MANUAL", "businessHours", Map.of("timeZone", "Europe/Berlin",
						"weekly", Map.of("MONDAY", List.of(Map.of("from", "09:00", "to", "17:00")))))));
		String queueId = (String) queue.get("id");
		assertThat(queue.get("mode")).isEqualTo("MANUAL");
		String adminId = (String) created(agent(integration, "Ada", "ADMIN", List.of())).get("id");
		String supervisorId = (String) created(agent(integration, "Sam", "SUPERVISOR", List.of())).get("id");
		Map<String, Object> ana = created(agent(integration, "Ana", "AGENT", List.of(queueId)));
		String anaId = (String) ana.get("id");
		assertThat(ana.get("queues")).isEqualTo(List.of(queueId));
		assertThat(ana.get("availability")).isEqualTo("AWAY");
		String bobId = (String) created(agent(integration, "Bob", "AGENT", List.of())).get("id");
		String admin = InboxApi.agentToken("demo", adminId, "ADMIN");
		String supervisor = InboxApi.agentToken("demo", supervisorId, "SUPERVISOR");
		String anaKey = InboxApi.agentToken("demo", anaId, "AGENT");
		String bobKey = InboxApi.agentToken("demo", bobId, "AGENT");
		assertThat((List<?>) this.inbox
			.json(this.inbox.call(integration, HttpMethod.GET, "/api/v1/queues/{id}", null, queueId))
			.get("members")).isEqualTo(List.of(anaId));

		// Only admins (and integrations) manage agents and queues; an agent sets its own
		// availability.
		created(agent(admin, "Cy", "AGENT", List.of(queueId)));
		forbidden(agent(anaKey, "Eve", "ADMIN", List.of()));
		forbidden(agent(supervisor, "Eve", "AGENT", List.of()));
		forbidden(this.inbox.call(supervisor, HttpMethod.POST, "/api/v1/queues", Map.of("name", "Mine " + RUN)));
		forbidden(this.inbox.call(anaKey, HttpMethod.PATCH, "/api/v1/queues/{id}", Map.of("mode", "MANUAL"), queueId));
		forbidden(this.inbox.call(anaKey, HttpMethod.PATCH, "/api/v1/agents/{id}", Map.of("role", "ADMIN"), anaId));
		forbidden(this.inbox.call(anaKey, HttpMethod.PATCH, "/api/v1/agents/{id}", Map.of("availability", "ONLINE"),
				bobId));
		assertThat(this.inbox
			.json(this.inbox.call(anaKey, HttpMethod.PATCH, "/api/v1/agents/{id}", Map.of("availability", "ONLINE"),
					anaId))
			.get("availability")).isEqualTo("ONLINE");
		// A key never grants more than it was bound with: an admin's key bound as AGENT
		// is an agent's.
		forbidden(agent(InboxApi.agentToken("demo", adminId, "AGENT"), "Eve", "AGENT", List.of()));
		// A key bound to an agent the tenant does not have is refused.
		forbidden(this.inbox.call(InboxApi.agentToken("demo", UUID.randomUUID().toString(), "ADMIN"), HttpMethod.GET,
				"/api/v1/agents", null));
		this.inbox.call(integration, HttpMethod.POST, "/api/v1/agents", Map.of("name", "X", "role", "BOSS"))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED");

		// An agent acts on its own conversations and unassigned ones; not on another
		// agent's.
		String from = number(11);
		this.inbox.publish(text(from, "wamid.ROLES." + System.nanoTime(), "Who answers?"));
		String id = (String) awaitConversation(from, 1).get("id");
		forbidden(this.inbox.call(anaKey, HttpMethod.POST, "/api/v1/conversations/{id}/assign",
				Map.of("agentId", bobId), id));
		this.inbox.json(this.inbox.call(bobKey, HttpMethod.POST, "/api/v1/conversations/{id}/assign",
				Map.of("agentId", bobId), id));
		forbidden(this.inbox.call(anaKey, HttpMethod.POST, "/api/v1/conversations/{id}/resolve", null, id));
		forbidden(this.inbox.call(anaKey, HttpMethod.POST, "/api/v1/conversations/{id}/messages",
				Map.of("text", "note", "private", true), id));
		assertThat(((List<?>) this.inbox
			.json(this.inbox.call(bobKey, HttpMethod.GET, "/api/v1/conversations?assignee=me", null))
			.get("items")).stream().map((item) -> (Object) ((Map<?, ?>) item).get("id")).toList())
			.isEqualTo(List.of(id));
		assertThat(this.inbox
			.json(this.inbox.call(supervisor, HttpMethod.POST, "/api/v1/conversations/{id}/resolve", null, id))
			.get("status")).isEqualTo("RESOLVED");
		assertThat(this.inbox.timeline(id)).anySatisfy((entry) -> {
			assertThat(entry.get("activity")).isEqualTo("RESOLVED");
			assertThat(entry.get("actor")).isEqualTo(supervisorId);
		});

		// In a queue: its members act on it while it is unassigned, others do not.
		String queued = number(12);
		this.inbox.publish(text(queued, "wamid.QUEUED." + System.nanoTime(), "Sales question"));
		String queuedId = (String) awaitConversation(queued, 1).get("id");
		forbidden(this.inbox.call(anaKey, HttpMethod.POST, "/api/v1/conversations/{id}/assign",
				Map.of("queueId", queueId), queuedId));
		assertThat(this.inbox
			.json(this.inbox.call(integration, HttpMethod.POST, "/api/v1/conversations/{id}/assign",
					Map.of("queueId", queueId), queuedId))
			.get("status")).isEqualTo("OPEN");
		forbidden(this.inbox.call(bobKey, HttpMethod.POST, "/api/v1/conversations/{id}/read", null, queuedId));
		assertThat(this.inbox
			.json(this.inbox.call(anaKey, HttpMethod.POST, "/api/v1/conversations/{id}/assign",
					Map.of("agentId", anaId), queuedId))
			.get("assigneeId")).isEqualTo(anaId);
		this.inbox
			.call(integration, HttpMethod.POST, "/api/v1/conversations/{id}/assign",
					Map.of("queueId", UUID.randomUUID().toString()), queuedId)
			.expectStatus()
			.isBadRequest();

		// Another tenant's agents and queues are missing ones.
		String acme = InboxApi.integration("acme");
		List.of(this.inbox.call(acme, HttpMethod.GET, "/api/v1/agents/{id}", null, anaId),
				this.inbox.call(acme, HttpMethod.PATCH, "/api/v1/agents/{id}", Map.of("capacity", 1), anaId),
				this.inbox.call(acme, HttpMethod.GET, "/api/v1/queues/{id}", null, queueId),
				this.inbox.call(acme, HttpMethod.PATCH, "/api/v1/queues/{id}", Map.of("mode", "MANUAL"), queueId),
				this.inbox.call(acme, HttpMethod.GET, "/api/v1/agents/not-a-uuid", null))
			.forEach((call) -> call.expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND"));
		assertThat(
				(List<?>) this.inbox.json(this.inbox.call(acme, HttpMethod.GET, "/api/v1/agents", null)).get("items"))
			.noneSatisfy((item) -> assertThat(((Map<?, ?>) item).get("id")).isEqualTo(anaId));
		// An agent's queues name the tenant's queues only.
		this.inbox
			.call(acme, HttpMethod.POST, "/api/v1/agents",
					Map.of("name", "Zed", "role", "AGENT", "queues", List.of(queueId)))
			.expectStatus()
			.isBadRequest();
	}

	private WebTestClient.ResponseSpec agent(String token, String name, String role, List<String> queues) {
		return this.inbox.call(token, HttpMethod.POST, "/api/v1/agents",
				Map.of("name", name + " " + RUN, "role", role, "queues", queues, "capacity", 3));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> created(WebTestClient.ResponseSpec call) {
		return call.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
	}

	private static void forbidden(WebTestClient.ResponseSpec call) {
		call.expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("INSUFFICIENT_ROLE");
	}

	/** A contact's number (wa_id digits) of this run. */
	private static String number(int index) {
		return String.format("9725000%05d", 10_000 + RUN + index);
	}

	private List<Object> ids(String path) {
		return ((List<?>) this.inbox.json(this.inbox.get("demo", path)).get("items")).stream()
			.map((item) -> ((Map<?, ?>) item).get("id"))
			.map(Object.class::cast)
			.toList();
	}

	private Map<String, Object> awaitConversation(String from, int conversations) {
		return await().atMost(PATIENCE)
			.until(() -> this.inbox.conversationsOf(from), (found) -> found.size() == conversations)
			.get(0);
	}

	private static List<ConversationChanged> announcedFor(String id) {
		return announced.stream().filter((change) -> change.conversationId().equals(id)).toList();
	}

	private static void expectClosed(WebTestClient.ResponseSpec call) {
		call.expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("CONVERSATION_CLOSED");
	}

	private long count(String sql) {
		return this.database.sql(sql).map((row) -> row.get(0, Long.class)).one().block(Duration.ofSeconds(10));
	}

}
