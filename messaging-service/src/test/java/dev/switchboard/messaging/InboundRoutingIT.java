package dev.switchboard.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import dev.switchboard.events.wa.WaInboundMessage;
import dev.switchboard.simulators.SimulatorOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Inbound routing on real Kafka and PostgreSQL: a queue that claims a business number
 * takes the new conversations of that number, with its SLA policy, the tenant's default
 * queue takes the rest, inactive queues never receive, a reopened conversation keeps its
 * queue, a routed conversation is auto-assigned like a queued one; a number belongs to
 * one queue of a tenant (409) and the fields are checked (400). Each test has a tenant of
 * its own (a default queue would otherwise catch other tests' conversations).
 */
class InboundRoutingIT extends IntegrationSetup {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	/** Contact numbers of this run (the database outlives runs); a range of its own. */
	private static final int RUN = ThreadLocalRandom.current().nextInt(0, 9_000) * 10;

	private InboxApi inbox;

	private String tenant;

	private String integration;

	@BeforeEach
	void tenant() {
		this.inbox = new InboxApi(this.port, events);
		this.tenant = "routing-" + System.nanoTime();
		this.integration = InboxApi.integration(this.tenant);
	}

	@Test
	void aNumbersQueueTakesItsConversationsWithItsPolicyTheDefaultQueueTheRestAndAReopenKeepsItsQueue() {
		String sales = "200000000000101";
		String support = "200000000000102";
		String closed = "200000000000103";
		String queueA = queue(Map.of("name", "A", "mode", "MANUAL", "phoneNumberIds", List.of(sales), "slaPolicy",
				Map.of("firstResponse", "PT7M")));
		String fallback = queue(Map.of("name", "Default", "mode", "MANUAL", "default", true, "slaPolicy",
				Map.of("firstResponse", "PT9M")));
		String inactive = queue(Map.of("name", "Closed", "mode", "MANUAL", "phoneNumberIds", List.of(closed)));
		this.inbox.json(this.inbox.call(this.integration, HttpMethod.PATCH, "/api/v1/queues/{id}",
				Map.of("active", false), inactive));
		Map<String, Object> shownA = this.inbox
			.json(this.inbox.call(this.integration, HttpMethod.GET, "/api/v1/queues/{id}", null, queueA));
		assertThat(shownA).containsEntry("phoneNumberIds", List.of(sales)).containsEntry("default", false);

		// The number's queue, with its first-response target.
		Instant sent = Instant.now();
		publish(sales, number(1), "wamid.ROUTE.A." + System.nanoTime(), "Buying a visa");
		Map<String, Object> routed = awaitConversation(number(1));
		String routedId = (String) routed.get("id");
		assertThat(routed).containsEntry("queueId", queueA).containsEntry("status", "OPEN");
		assertThat(Instant.parse((String) routed.get("firstResponseDueAt"))).isBetween(
				sent.plus(Duration.ofMinutes(7)).minusSeconds(30), sent.plus(Duration.ofMinutes(7)).plusSeconds(30));
		assertThat(timeline(routedId)).anySatisfy((entry) -> {
			assertThat(entry.get("activity")).isEqualTo("QUEUED");
			assertThat(entry.get("actor")).isEqualTo("routing");
			assertThat(entry.get("details")).isEqualTo(Map.of("queue", Map.of("to", queueA), "rule", "PHONE_NUMBER"));
		});
		assertThat(ids("/api/v1/conversations?queueId=" + queueA)).containsExactly(routedId);

		// No queue claims the number: the default queue and its policy. An inactive
		// queue's number goes there too.
		publish(support, number(2), "wamid.ROUTE.D." + System.nanoTime(), "Where is my order?");
		Map<String, Object> byDefault = awaitConversation(number(2));
		assertThat(byDefault).containsEntry("queueId", fallback);
		assertThat(Instant.parse((String) byDefault.get("firstResponseDueAt")))
			.isAfter(sent.plus(Duration.ofMinutes(9)).minusSeconds(30));
		assertThat(timeline((String) byDefault.get("id"))).anySatisfy((entry) -> assertThat(entry.get("details"))
			.isEqualTo(Map.of("queue", Map.of("to", fallback), "rule", "DEFAULT_QUEUE")));
		publish(closed, number(3), "wamid.ROUTE.I." + System.nanoTime(), "Anyone?");
		assertThat(awaitConversation(number(3))).containsEntry("queueId", fallback);

		// A reopen keeps its queue, although the number is now routed elsewhere.
		this.inbox.json(this.inbox.call(this.integration, HttpMethod.PATCH, "/api/v1/queues/{id}",
				Map.of("phoneNumberIds", List.of()), queueA));
		this.inbox.json(this.inbox.call(this.integration, HttpMethod.POST, "/api/v1/conversations/{id}/resolve", null,
				routedId));
		publish(sales, number(1), "wamid.ROUTE.R." + System.nanoTime(), "One more question");
		await().atMost(PATIENCE).until(() -> conversation(routedId).get("status"), "OPEN"::equals);
		assertThat(conversation(routedId)).containsEntry("queueId", queueA).containsEntry("reopenCount", 1);
		assertThat(conversationsOf(number(1))).hasSize(1);

		// Without an active default queue, an unclaimed number's conversation stays in
		// the general backlog.
		this.inbox.json(this.inbox.call(this.integration, HttpMethod.PATCH, "/api/v1/queues/{id}",
				Map.of("active", false), fallback));
		publish(support, number(4), "wamid.ROUTE.N." + System.nanoTime(), "Hello?");
		Map<String, Object> backlog = awaitConversation(number(4));
		assertThat(backlog).containsEntry("queueId", null);
		assertThat(timeline((String) backlog.get("id")))
			.noneSatisfy((entry) -> assertThat(entry.get("activity")).isEqualTo("QUEUED"));
	}

	@Test
	void aRoutedConversationIsAutoAssignedToAnOnlineMember() {
		String number = "200000000000201";
		String queue = queue(Map.of("name", "Visas", "mode", "ROUND_ROBIN", "phoneNumberIds", List.of(number)));
		String agent = (String) this.inbox
			.json(this.inbox.call(this.integration, HttpMethod.POST, "/api/v1/agents",
					Map.of("name", "Ana", "role", "AGENT", "queues", List.of(queue), "availability", "ONLINE")))
			.get("id");
		publish(number, number(5), "wamid.ROUTE.AA." + System.nanoTime(), "Visa please");
		String id = (String) awaitConversation(number(5)).get("id");
		Map<String, Object> assigned = await().atMost(PATIENCE)
			.until(() -> conversation(id), (found) -> agent.equals(found.get("assigneeId")));
		assertThat(assigned).containsEntry("queueId", queue).containsEntry("status", "ASSIGNED");
		assertThat(timeline(id)).anySatisfy((entry) -> {
			assertThat(entry.get("activity")).isEqualTo("ASSIGNED");
			assertThat(entry.get("actor")).isEqualTo("auto-assign");
		});
	}

	@Test
	void aNumberBelongsToOneQueueOfTheTenantAndTheRoutingFieldsAreChecked() {
		String number = "200000000000301";
		String first = queue(Map.of("name", "First", "phoneNumberIds", List.of(number), "default", true));
		String second = queue(Map.of("name", "Second"));
		conflict(this.inbox.call(this.integration, HttpMethod.POST, "/api/v1/queues",
				Map.of("name", "Third", "phoneNumberIds", List.of("200000000000302", number))), number, first);
		conflict(this.inbox.call(this.integration, HttpMethod.PATCH, "/api/v1/queues/{id}",
				Map.of("phoneNumberIds", List.of(number)), second), number, first);
		// Claiming it again on its own queue is no conflict; another tenant has numbers
		// of
		// its own.
		this.inbox.json(this.inbox.call(this.integration, HttpMethod.PATCH, "/api/v1/queues/{id}",
				Map.of("phoneNumberIds", List.of(number, number)), first));
		this.inbox
			.call(InboxApi.integration(this.tenant + "-other"), HttpMethod.POST, "/api/v1/queues",
					Map.of("name", "Theirs", "phoneNumberIds", List.of(number)))
			.expectStatus()
			.isCreated();

		invalid(Map.of("name", "Bad", "phoneNumberIds", "200000000000303"), "phoneNumberIds");
		invalid(Map.of("name", "Bad", "phoneNumberIds", List.of("+15550001")), "phoneNumberIds");
		invalid(Map.of("name", "Bad", "phoneNumberIds", List.of(42)), "phoneNumberIds");
		invalid(Map.of("name", "Bad", "default", "yes"), "default");

		// One default per tenant: naming another one moves it.
		this.inbox.json(this.inbox.call(this.integration, HttpMethod.PATCH, "/api/v1/queues/{id}",
				Map.of("default", true), second));
		assertThat(queueView(first)).containsEntry("default", false);
		assertThat(queueView(second)).containsEntry("default", true);
		// The agents' keys cannot route.
		String agent = (String) this.inbox
			.json(this.inbox.call(this.integration, HttpMethod.POST, "/api/v1/agents",
					Map.of("name", "Ana", "role", "SUPERVISOR")))
			.get("id");
		this.inbox
			.call(InboxApi.agentToken(this.tenant, agent, "SUPERVISOR"), HttpMethod.PATCH, "/api/v1/queues/{id}",
					Map.of("default", true), first)
			.expectStatus()
			.isForbidden();
	}

	private void conflict(WebTestClient.ResponseSpec call, String number, String holder) {
		call.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("PHONE_NUMBER_ALREADY_ROUTED")
			.jsonPath("$.field")
			.isEqualTo("phoneNumberIds")
			.jsonPath("$.phoneNumberId")
			.isEqualTo(number)
			.jsonPath("$.queueId")
			.isEqualTo(holder);
	}

	private void invalid(Map<String, Object> body, String field) {
		this.inbox.call(this.integration, HttpMethod.POST, "/api/v1/queues", body)
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo(field);
	}

	private String queue(Map<String, Object> body) {
		return (String) this.inbox.call(this.integration, HttpMethod.POST, "/api/v1/queues", body)
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("id");
	}

	private Map<String, Object> queueView(String id) {
		return this.inbox.json(this.inbox.call(this.integration, HttpMethod.GET, "/api/v1/queues/{id}", null, id));
	}

	/** A customer message to one of the tenant's business numbers. */
	private void publish(String phoneNumberId, String from, String wamid, String text) {
		this.inbox.publish(InboxApi.event(this.tenant,
				new WaInboundMessage(phoneNumberId, SimulatorOptions.DEFAULT_WABA_ID, "15550000999", wamid, from, null,
						"Ana", Instant.now(), "text", null, null, Map.of("body", text), text, null, null)));
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> conversationsOf(String phone) {
		return (List<Map<String, Object>>) this.inbox
			.json(this.inbox.call(this.integration, HttpMethod.GET, "/api/v1/conversations?q={q}", null, phone))
			.get("items");
	}

	private Map<String, Object> awaitConversation(String phone) {
		return await().atMost(PATIENCE).until(() -> conversationsOf(phone), (found) -> found.size() == 1).get(0);
	}

	private Map<String, Object> conversation(String id) {
		return this.inbox
			.json(this.inbox.call(this.integration, HttpMethod.GET, "/api/v1/conversations/{id}", null, id));
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> timeline(String id) {
		return (List<Map<String, Object>>) this.inbox
			.json(this.inbox.call(this.integration, HttpMethod.GET, "/api/v1/conversations/{id}/messages", null, id))
			.get("items");
	}

	private List<Object> ids(String path) {
		return ((List<?>) this.inbox.json(this.inbox.call(this.integration, HttpMethod.GET, path, null)).get("items"))
			.stream()
			.map((item) -> ((Map<?, ?>) item).get("id"))
			.map(Object.class::cast)
			.toList();
	}

	/** A contact's number (wa_id digits) of this run, in a range of its own. */
	private static String number(int index) {
		return String.format("9725009%05d", RUN + index);
	}

}
