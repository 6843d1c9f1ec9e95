package dev.switchboard.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import dev.switchboard.simulators.FaultRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * WhatsApp read receipts and the per-agent unread counts: the assignee's read marks the
 * latest customer message read at the Meta simulator (observed over its control API)
 * once; a supervisor's or an integration's read marks nothing; Meta failing never fails
 * the read, and the receipt follows once Meta is back.
 */
class ReadReceiptsIT extends IntegrationSetup {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	/** Numbers of this run, a range of their own. */
	private static final int RUN = ThreadLocalRandom.current().nextInt(100, 4_900) * 20;

	private InboxApi inbox;

	private WebTestClient simulator;

	@BeforeEach
	void clients() {
		this.inbox = new InboxApi(this.port, events);
		this.simulator = WebTestClient.bindToServer()
			.baseUrl(metaSimulatorUrl())
			.responseTimeout(Duration.ofSeconds(10))
			.build();
	}

	@AfterEach
	void metaBack() {
		simulators.meta().faults().clear();
	}

	@Test
	void onlyTheAssigneesReadMarksTheLatestCustomerMessageReadOnceAndCountsFollow() {
		String integration = InboxApi.integration("demo");
		String anaId = agent(integration, "Ana", "AGENT");
		String samId = agent(integration, "Sam", "SUPERVISOR");
		String ana = InboxApi.agentToken("demo", anaId, "AGENT");
		String sam = InboxApi.agentToken("demo", samId, "SUPERVISOR");
		String from = number(1);
		String first = "wamid.RR.1." + System.nanoTime();
		String second = "wamid.RR.2." + System.nanoTime();
		this.inbox.publish(InboxApi.text(from, first, "Hello"));
		this.inbox.publish(InboxApi.text(from, second, "Is my visa ready?"));
		String id = (String) await().atMost(PATIENCE)
			.until(() -> this.inbox.conversationsOf(from),
					(found) -> found.size() == 1 && ((Number) found.get(0).get("unreadCount")).intValue() == 2)
			.get(0)
			.get("id");
		this.inbox.json(this.inbox.call(integration, HttpMethod.POST, "/api/v1/conversations/{id}/assign",
				Map.of("agentId", anaId), id));
		Map<String, Object> counts = counts(ana);
		assertThat(counts).containsEntry("mine", 1).containsEntry("mineUnread", 1).containsEntry("unreadMessages", 2);
		assertThat(counts(sam)).containsEntry("mine", 0)
			.containsEntry("mineUnread", 0)
			.containsEntry("unreadMessages", 0);
		assertThat(counts(integration)).containsEntry("mineUnread", 0).containsKeys("open", "unread", "all");

		// A supervisor looking in and an integration read it: nothing to send (nothing
		// recorded in the read's transaction, so nothing can be sent later).
		this.inbox.json(this.inbox.call(sam, HttpMethod.POST, "/api/v1/conversations/{id}/read", null, id));
		this.inbox.json(this.inbox.call(integration, HttpMethod.POST, "/api/v1/conversations/{id}/read", null, id));
		assertThat(receiptsOf(id)).isZero();
		assertThat(markedAtMeta(first, second)).isEmpty();

		// The assignee reads it: the latest customer message is marked, which marks the
		// first too.
		this.inbox.publish(InboxApi.text(from, "wamid.RR.3." + System.nanoTime(), "Hello?"));
		String third = await().atMost(PATIENCE)
			.until(() -> (String) this.inbox.timeline(id).get(0).get("wamid"),
					(wamid) -> wamid.startsWith("wamid.RR.3"));
		assertThat(counts(ana)).containsEntry("mineUnread", 1).containsEntry("unreadMessages", 1);
		Map<String, Object> read = this.inbox
			.json(this.inbox.call(ana, HttpMethod.POST, "/api/v1/conversations/{id}/read", null, id));
		assertThat(read.get("unreadCount")).isEqualTo(0);
		await().atMost(PATIENCE).until(() -> markedAtMeta(first, second, third), (marked) -> !marked.isEmpty());
		assertThat(counts(ana)).containsEntry("mine", 1)
			.containsEntry("mineUnread", 0)
			.containsEntry("unreadMessages", 0);

		// Read again (nothing new): still one call.
		this.inbox.json(this.inbox.call(ana, HttpMethod.POST, "/api/v1/conversations/{id}/read", null, id));
		await().during(Duration.ofSeconds(1))
			.atMost(PATIENCE)
			.until(() -> markedAtMeta(first, second, third), (marked) -> marked.size() == 1);
		assertThat(markedAtMeta(first, second, third)).singleElement().satisfies((receipt) -> {
			assertThat(receipt.get("phoneNumberId")).isEqualTo(DEMO_NUMBER);
			assertThat(receipt.get("messageId")).isEqualTo(third);
			assertThat(receipt.get("body"))
				.isEqualTo(Map.of("messaging_product", "whatsapp", "status", "read", "message_id", third));
		});
		assertThat(stateOf(id, third)).isEqualTo("SENT");
	}

	@Test
	void metaFailingNeverFailsTheReadAndTheReceiptIsSentOnceMetaIsBack() {
		String integration = InboxApi.integration("demo");
		String anaId = agent(integration, "Ana", "AGENT");
		String ana = InboxApi.agentToken("demo", anaId, "AGENT");
		String from = number(2);
		String wamid = "wamid.RR.F." + System.nanoTime();
		this.inbox.publish(InboxApi.text(from, wamid, "Anyone there?"));
		String id = (String) await().atMost(PATIENCE)
			.until(() -> this.inbox.conversationsOf(from), (found) -> found.size() == 1)
			.get(0)
			.get("id");
		this.inbox.json(this.inbox.call(integration, HttpMethod.POST, "/api/v1/conversations/{id}/assign",
				Map.of("agentId", anaId), id));
		// Meta first takes longer than the call may wait, then refuses for now.
		simulators.meta()
			.faults()
			.add(FaultRule.timeout(Duration.ofSeconds(2)).forPhoneNumberId(DEMO_NUMBER).once())
			.add(FaultRule.metaError(131000).forPhoneNumberId(DEMO_NUMBER));

		Map<String, Object> read = this.inbox
			.json(this.inbox.call(ana, HttpMethod.POST, "/api/v1/conversations/{id}/read", null, id));
		assertThat(read.get("unreadCount")).isEqualTo(0);
		await().atMost(PATIENCE).until(() -> attemptsOf(id, wamid), (attempts) -> attempts >= 3);
		assertThat(stateOf(id, wamid)).isEqualTo("PENDING");
		assertThat(markedAtMeta(wamid)).isEmpty();

		simulators.meta().faults().clear();
		await().atMost(PATIENCE).until(() -> stateOf(id, wamid), "SENT"::equals);
		await().during(Duration.ofSeconds(1))
			.atMost(PATIENCE)
			.until(() -> markedAtMeta(wamid), (marked) -> marked.size() == 1);
	}

	private String agent(String token, String name, String role) {
		return (String) this.inbox
			.call(token, HttpMethod.POST, "/api/v1/agents", Map.of("name", name + " RR " + RUN, "role", role))
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("id");
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> counts(String token) {
		return this.inbox.call(token, HttpMethod.GET, "/api/v1/conversations/counts", null)
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	/** The mark-as-read calls the Meta simulator took for these wamids. */
	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> markedAtMeta(String... wamids) {
		List<Map<String, Object>> receipts = this.simulator.get()
			.uri("/_sim/meta/read-receipts")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(List.class)
			.returnResult()
			.getResponseBody();
		return receipts.stream().filter((receipt) -> List.of(wamids).contains(receipt.get("messageId"))).toList();
	}

	private long receiptsOf(String conversationId) {
		return this.database.sql("SELECT count(*) FROM read_receipts WHERE conversation_id = :id::uuid")
			.bind("id", conversationId)
			.map((row) -> row.get(0, Long.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

	private String stateOf(String conversationId, String wamid) {
		return this.database.sql("SELECT state FROM read_receipts WHERE conversation_id = :id::uuid AND wamid = :wamid")
			.bind("id", conversationId)
			.bind("wamid", wamid)
			.map((row) -> row.get(0, String.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

	private int attemptsOf(String conversationId, String wamid) {
		return this.database
			.sql("SELECT attempts FROM read_receipts WHERE conversation_id = :id::uuid AND wamid = :wamid")
			.bind("id", conversationId)
			.bind("wamid", wamid)
			.map((row) -> row.get(0, Integer.class))
			.one()
			.defaultIfEmpty(0)
			.block(Duration.ofSeconds(10));
	}

	/** A contact's number (wa_id digits) of this run. */
	private static String number(int index) {
		return String.format("9725008%05d", RUN + index);
	}

}
