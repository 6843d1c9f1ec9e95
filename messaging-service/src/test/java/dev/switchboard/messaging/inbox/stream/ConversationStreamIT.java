package dev.switchboard.messaging.inbox.stream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.switchboard.events.EventJson;
import dev.switchboard.events.conversations.ConversationChanged;
import dev.switchboard.http.security.TestTokens;
import dev.switchboard.messaging.IntegrationSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The conversation streams on the real database: a change made through the API reaches an
 * open stream; a reconnect with {@code Last-Event-ID} gets exactly what it missed, an
 * unknown id a {@code reset}; another tenant's and another agent's conversations never
 * arrive (an agent gets the change that takes one from it, then nothing more of it); a
 * subscriber that reads nothing is dropped while the others go on.
 */
class ConversationStreamIT extends IntegrationSetup {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private static final String SCOPES = "conversations:read conversations:write";

	@Autowired
	private DatabaseClient db;

	@Autowired
	private ChangeFeed feed;

	@LocalServerPort
	private int serverPort;

	private final List<Disposable> open = new java.util.ArrayList<>();

	@AfterEach
	void close() {
		this.open.forEach(Disposable::dispose);
	}

	@Test
	void aStreamCarriesTheTenantsChangesAndAReconnectGetsWhatItMissed() {
		String tenant = "stream-" + System.nanoTime();
		String other = "stream-other-" + System.nanoTime();
		UUID mine = conversation(tenant, null, null);
		UUID theirs = conversation(other, null, null);
		Received stream = stream(integration(tenant), null);

		classify(integration(other), theirs, "HIGH");
		classify(integration(tenant), mine, "HIGH");
		ServerSentEvent<String> first = await().atMost(PATIENCE)
			.until(() -> stream.changesOf(mine), (l) -> l.size() == 1)
			.get(0);
		assertThat(change(first).change()).isEqualTo("PRIORITY_CHANGED");
		assertThat(change(first).priority()).isEqualTo("HIGH");
		assertThat(stream.changesOf(theirs)).isEmpty();
		assertThat(stream.conversations())
			.allSatisfy((event) -> assertThat(change(event).conversationId()).isEqualTo(mine.toString()));

		// Disconnected: two changes are missed, then replayed on reconnect, nothing
		// twice.
		stream.subscription.dispose();
		classify(integration(tenant), mine, "LOW");
		note(integration(tenant), mine);
		Received resumed = stream(integration(tenant), first.id());
		List<ServerSentEvent<String>> missed = await().atMost(PATIENCE)
			.until(() -> resumed.changesOf(mine), (l) -> l.size() == 2);
		assertThat(missed).extracting((event) -> change(event).change())
			.containsExactly("PRIORITY_CHANGED", "NOTE_ADDED");
		assertThat(missed).extracting((event) -> change(event).version())
			.containsExactly(change(first).version() + 1, change(first).version() + 2);
		// Live again after the replay.
		classify(integration(tenant), mine, "URGENT");
		await().atMost(PATIENCE).until(() -> resumed.changesOf(mine).size() == 3);
		assertThat(resumed.names()).doesNotContain("reset");

		// An id this tenant never had (another tenant's, malformed): reload, then live.
		Received foreign = stream(integration(other), first.id());
		Received malformed = stream(integration(tenant), "not-an-id");
		for (Received reset : List.of(foreign, malformed)) {
			await().atMost(PATIENCE).until(() -> reset.names().contains("reset"));
			assertThat(reset.named("reset").get(0).data()).contains("UNKNOWN_EVENT_ID");
		}
		classify(integration(tenant), mine, "NONE");
		await().atMost(PATIENCE).until(() -> malformed.changesOf(mine).size() == 1);
		assertThat(foreign.conversations()).isEmpty();
	}

	@Test
	void anAgentGetsItsOwnAndItsQueuesUnassignedConversationsOnly() {
		String tenant = "stream-agents-" + System.nanoTime();
		UUID queue = queue(tenant);
		UUID otherQueue = queue(tenant);
		UUID agent = agent(tenant, queue);
		UUID colleague = agent(tenant, otherQueue);
		UUID own = conversation(tenant, null, agent);
		UUID colleagues = conversation(tenant, null, colleague);
		UUID queued = conversation(tenant, queue, null);
		UUID elsewhere = conversation(tenant, otherQueue, null);
		UUID backlog = conversation(tenant, null, null);
		Received agentStream = stream(agentToken(tenant, agent, "AGENT"), null);
		Received supervisor = stream(agentToken(tenant, colleague, "SUPERVISOR"), null);

		for (UUID id : List.of(colleagues, elsewhere, queued, backlog, own)) {
			classify(integration(tenant), id, "HIGH");
		}
		await().atMost(PATIENCE).until(() -> supervisor.conversations().size() == 5);
		await().atMost(PATIENCE).until(() -> agentStream.conversations().size() == 3);
		assertThat(agentStream.conversations()).extracting((event) -> change(event).conversationId())
			.containsExactlyInAnyOrder(queued.toString(), backlog.toString(), own.toString());

		// Taken from the agent: it gets the change that took it, then nothing more of it.
		api().post()
			.uri("/api/v1/conversations/{id}/assign", own)
			.headers((headers) -> headers.setBearerAuth(integration(tenant)))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("agentId", colleague.toString()))
			.exchange()
			.expectStatus()
			.isOk();
		classify(integration(tenant), own, "LOW");
		classify(integration(tenant), queued, "LOW");
		await().atMost(PATIENCE).until(() -> agentStream.changesOf(queued).size() == 2);
		await().atMost(PATIENCE).until(() -> supervisor.changesOf(own).size() == 3);
		List<ServerSentEvent<String>> ownChanges = agentStream.changesOf(own);
		assertThat(ownChanges).hasSize(2);
		assertThat(change(ownChanges.get(1)).change()).isEqualTo("ASSIGNED");
		assertThat(change(ownChanges.get(1)).assigneeId()).isEqualTo(colleague.toString());
	}

	@Test
	void aSubscriberThatReadsNothingIsDroppedAndTheOthersGoOn() {
		String tenant = "stream-slow-" + System.nanoTime();
		UUID id = conversation(tenant, null, null);
		Received reader = stream(integration(tenant), null);
		ConcurrentLinkedQueue<StreamEvent> slow = new ConcurrentLinkedQueue<>();
		Stalled stalled = new Stalled(slow);
		this.feed.open(new Audience(tenant, null, Set.of()), null).subscribe(stalled);
		this.open.add(stalled);
		await().atMost(PATIENCE).until(() -> slow.size() == 1);

		int changes = 24;
		for (int i = 0; i < changes; i++) {
			api().post()
				.uri("/api/v1/tags")
				.headers((headers) -> headers.setBearerAuth(integration(tenant)))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("name", "t" + i))
				.exchange()
				.expectStatus()
				.isCreated();
		}
		for (int i = 0; i < changes; i++) {
			tag(integration(tenant), id, "t" + i);
		}
		await().atMost(PATIENCE).until(() -> reader.changesOf(id).size() == changes);
		// The stalled one held its 16 and was let go; asked again, it learns why.
		stalled.request(Long.MAX_VALUE);
		await().atMost(PATIENCE).until(() -> slow.stream().anyMatch(StreamEvent.Dropped.class::isInstance));
		assertThat(slow).last().isEqualTo(new StreamEvent.Dropped(ChangeFeed.SLOW_CONSUMER));
		assertThat(slow).hasSize(2);
	}

	/** Requests the first event only, then nothing until told. */
	private static final class Stalled extends BaseSubscriber<StreamEvent> {

		private final ConcurrentLinkedQueue<StreamEvent> received;

		Stalled(ConcurrentLinkedQueue<StreamEvent> received) {
			this.received = received;
		}

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			subscription.request(1);
		}

		@Override
		protected void hookOnNext(StreamEvent value) {
			this.received.add(value);
		}

	}

	private Received stream(String token, String lastEventId) {
		WebClient client = WebClient.builder().baseUrl("http://localhost:" + this.serverPort).build();
		Received received = new Received();
		received.subscription = client.get()
			.uri("/api/v1/conversations/stream")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.headers((headers) -> {
				headers.setBearerAuth(token);
				if (lastEventId != null) {
					headers.set("Last-Event-ID", lastEventId);
				}
			})
			.retrieve()
			.bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.subscribe(received.events::add);
		this.open.add(received.subscription);
		await().atMost(PATIENCE).until(() -> received.names().contains("ready"));
		return received;
	}

	private static final class Received {

		private final ConcurrentLinkedQueue<ServerSentEvent<String>> events = new ConcurrentLinkedQueue<>();

		private Disposable subscription;

		List<String> names() {
			return this.events.stream().map((event) -> String.valueOf(event.event())).toList();
		}

		List<ServerSentEvent<String>> named(String name) {
			return this.events.stream().filter((event) -> name.equals(event.event())).toList();
		}

		List<ServerSentEvent<String>> conversations() {
			return named("conversation");
		}

		List<ServerSentEvent<String>> changesOf(UUID id) {
			return conversations().stream()
				.filter((event) -> change(event).conversationId().equals(id.toString()))
				.toList();
		}

	}

	private static ConversationChanged change(ServerSentEvent<String> event) {
		return EventJson.read(event.data().getBytes(java.nio.charset.StandardCharsets.UTF_8),
				ConversationChanged.class);
	}

	private WebTestClient api() {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.serverPort)
			.responseTimeout(Duration.ofSeconds(10))
			.build();
	}

	private void classify(String token, UUID id, String priority) {
		patch(token, id, Map.of("priority", priority));
	}

	private void tag(String token, UUID id, String tag) {
		patch(token, id, Map.of("tags", List.of(tag)));
	}

	private void patch(String token, UUID id, Map<String, Object> body) {
		api().patch()
			.uri("/api/v1/conversations/{id}", id)
			.headers((headers) -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk();
	}

	private void note(String token, UUID id) {
		api().post()
			.uri("/api/v1/conversations/{id}/messages", id)
			.headers((headers) -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("text", "called the customer", "private", true))
			.exchange()
			.expectStatus()
			.isCreated();
	}

	private static String integration(String tenant) {
		return TestTokens.bearer("messaging-service", tenant, SCOPES).substring("Bearer ".length());
	}

	private static String agentToken(String tenant, UUID agent, String role) {
		return TestTokens.jws(TestTokens.localKey(), "messaging-service",
				(claims) -> claims.subject(tenant + "-agent-key")
					.claim("tenant_id", tenant)
					.claim("key_id", tenant + "-agent-key-" + agent)
					.claim("scope", SCOPES)
					.claim("agent_id", agent.toString())
					.claim("role", role));
	}

	private UUID queue(String tenant) {
		UUID id = UUID.randomUUID();
		this.db
			.sql("INSERT INTO queues (tenant_id, id, name, mode, created_at, updated_at) "
					+ "VALUES (:t, :id, :name, 'MANUAL', now(), now())")
			.bind("t", tenant)
			.bind("id", id)
			.bind("name", "q-" + id)
			.then()
			.block(Duration.ofSeconds(10));
		return id;
	}

	/** A SUPERVISOR by record (its key may bind it lower), member of the queue. */
	private UUID agent(String tenant, UUID queue) {
		UUID id = UUID.randomUUID();
		this.db
			.sql("INSERT INTO agents (tenant_id, id, name, role, created_at, updated_at) "
					+ "VALUES (:t, :id, 'agent', 'SUPERVISOR', now(), now())")
			.bind("t", tenant)
			.bind("id", id)
			.then()
			.then(this.db.sql("INSERT INTO queue_members (tenant_id, queue_id, agent_id) VALUES (:t, :q, :a)")
				.bind("t", tenant)
				.bind("q", queue)
				.bind("a", id)
				.then())
			.block(Duration.ofSeconds(10));
		return id;
	}

	private UUID conversation(String tenant, UUID queue, UUID assignee) {
		UUID contact = UUID.randomUUID();
		UUID id = UUID.randomUUID();
		DatabaseClient.GenericExecuteSpec insert = this.db
			.sql("INSERT INTO conversations (id, tenant_id, channel_id, phone_number_id, contact_id, status, "
					+ "assignee_id, queue_id, last_activity_at, created_at, updated_at) VALUES (:id, :t, null, "
					+ "'100000000000001', :contact, :status, :assignee, :queue, now(), now(), now())")
			.bind("id", id)
			.bind("t", tenant)
			.bind("contact", contact)
			.bind("status", (assignee != null) ? "ASSIGNED" : "OPEN");
		insert = (assignee != null) ? insert.bind("assignee", assignee.toString())
				: insert.bindNull("assignee", String.class);
		insert = (queue != null) ? insert.bind("queue", queue) : insert.bindNull("queue", UUID.class);
		this.db
			.sql("INSERT INTO contacts (id, tenant_id, phone, created_at, updated_at) "
					+ "VALUES (:id, :t, :phone, now(), now())")
			.bind("id", contact)
			.bind("t", tenant)
			.bind("phone", "+9725009" + String.format("%05d", Math.abs(id.hashCode() % 100000)))
			.then()
			.then(insert.then())
			.block(Duration.ofSeconds(10));
		return id;
	}

}
