package dev.switchboard.messaging;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.Uuids;
import dev.switchboard.events.conversations.ConversationCommand;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.messaging.SendMessageCommand;
import dev.switchboard.events.wa.WaInboundMessage;
import dev.switchboard.infra.DeadLetterTopics;
import dev.switchboard.infra.PostgresEndpoint;
import dev.switchboard.infra.SharedInfra;
import dev.switchboard.simulators.SimulatorOptions;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL refusing connections, or hanging, while statuses, send commands (order
 * confirmations among them), inbound messages and a conversation command arrive, and
 * while a send is in flight (the provider took it, its answer comes back during the
 * outage): every consumer holds its records, nothing is dead-lettered, and within a
 * minute of PostgreSQL answering again every status is folded, every message sent exactly
 * once (counted where the Meta simulator is called), every customer-service window
 * recorded and the conversation assigned.
 * <p>
 * Each outage lasts {@code switchboard.it.outage-seconds} (8 s unless set; the full run
 * uses 30).
 */
class PostgresOutageIT extends IntegrationSetup {

	private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("switchboard.it.outage-seconds", 8));

	private static final Duration RECOVERY = Duration.ofSeconds(60);

	private static final int STATUSES = 5;

	private static final int ORDERS = 8;

	private static final int INBOUND = 3;

	private static final AtomicInteger NEXT_RECIPIENT = new AtomicInteger(
			ThreadLocalRandom.current().nextInt(50_000, 90_000));

	private static final Map<String, Object> TEMPLATE = Map.of("name", "order_confirmation", "language",
			Map.of("code", "en_US"), "components",
			List.of(Map.of("type", "body", "parameters", List.of(Map.of("type", "text", "text", "#4821")))));

	@Autowired
	private HealthContributorRegistry health;

	@Autowired
	private List<EventConsumer<?>> consumers;

	@Test
	void everythingArrivingWhilePostgresRefusesConnectionsIsHandledOnceAfterItReturns() {
		PostgresEndpoint postgres = SharedInfra.get().postgres();
		Arrivals arrivals = before();
		long deadLettersBefore = deadLetters();
		try {
			postgres.stop();
			arrive(arrivals);
			// Held for the whole outage: nothing dead-lettered; the consumers say they
			// wait.
			await().during(OUTAGE).atMost(OUTAGE.multipliedBy(2)).until(() -> deadLetters() == deadLettersBefore);
			assertThat(this.consumers).filteredOn((consumer) -> consumer.waitingForInfrastructure().isPresent())
				.isNotEmpty();
			assertThat(consumersHealth()).isEqualTo(Status.DOWN);
		}
		finally {
			postgres.start();
		}
		allHandledOnce(arrivals, deadLettersBefore);
		await().atMost(RECOVERY).until(() -> consumersHealth().equals(Status.UP));
	}

	@Test
	void everythingArrivingWhilePostgresHangsIsHandledOnceAfterItAnswersAgain() {
		PostgresEndpoint postgres = SharedInfra.get().postgres();
		Arrivals arrivals = before();
		long deadLettersBefore = deadLetters();
		try {
			postgres.freeze();
			arrive(arrivals);
			await().during(OUTAGE).atMost(OUTAGE.multipliedBy(2)).until(() -> deadLetters() == deadLettersBefore);
		}
		finally {
			postgres.thaw();
		}
		allHandledOnce(arrivals, deadLettersBefore);
	}

	/**
	 * Before the outage: messages sent (their statuses arrive during it) and one send in
	 * flight, its answer held back at the provider's door.
	 */
	private Arrivals before() {
		List<String> sent = new ArrayList<>();
		List<String> sentTo = new ArrayList<>();
		for (int index = 0; index < STATUSES; index++) {
			sentTo.add(recipient());
			sent.add(this.api.send("demo", sentTo.get(index), "Before the outage " + index, null));
		}
		List<String> wamids = sent.stream()
			.map((id) -> (String) this.api.awaitMessage(id, (message) -> message.get("wamid") != null).get("wamid"))
			.toList();
		String inFlightRecipient = recipient();
		gate.hold(inFlightRecipient);
		String inFlight = this.api.send("demo", inFlightRecipient, "In flight", null);
		await().atMost(Duration.ofSeconds(30)).until(() -> gate.requests(inFlightRecipient) == 1);
		List<String> orderRecipients = new ArrayList<>();
		for (int index = 0; index < ORDERS; index++) {
			orderRecipients.add(recipient());
		}
		List<String> contacts = new ArrayList<>();
		for (int index = 0; index < INBOUND; index++) {
			contacts.add(recipient());
		}
		// A conversation and an agent for the conversation command.
		InboxApi inbox = new InboxApi(this.port, events);
		String customer = recipient();
		inbox.publish(InboxApi.event("demo", InboxApi.text(customer.substring(1), "wamid.in." + Uuids.random(), "hi")));
		String conversation = await().atMost(Duration.ofSeconds(30))
			.until(() -> conversationOf(customer), java.util.Objects::nonNull);
		String agent = (String) inbox
			.json(inbox.call(InboxApi.integration("demo"), org.springframework.http.HttpMethod.POST, "/api/v1/agents",
					Map.of("name", "Outage " + Uuids.random(), "role", "AGENT")))
			.get("id");
		return new Arrivals(sent, sentTo, wamids, inFlight, inFlightRecipient, orderRecipients, new ArrayList<>(),
				contacts, conversation, agent);
	}

	/**
	 * During the outage: the provider's answer, statuses, order confirmations, inbound
	 * messages.
	 */
	private void arrive(Arrivals arrivals) {
		gate.release(arrivals.inFlightRecipient());
		for (int index = 0; index < STATUSES; index++) {
			String wamid = arrivals.wamids().get(index);
			String to = arrivals.sentTo().get(index);
			Instant at = Instant.now();
			for (String status : List.of("sent", "delivered", "read")) {
				events.publish(KafkaEvents.status(wamid, to.substring(1), status, at));
				at = at.plusMillis(1);
			}
		}
		for (String to : arrivals.orderRecipients()) {
			String id = "order-" + Uuids.random() + "-confirmation";
			arrivals.orders().add(id);
			events.requestFromOtherService(
					new SendMessageCommand(id, "demo-meta", DEMO_NUMBER, to, "template", null, id, TEMPLATE, null), id);
		}
		for (String contact : arrivals.contacts()) {
			WaInboundMessage inbound = new WaInboundMessage(DEMO_NUMBER, SimulatorOptions.DEFAULT_WABA_ID,
					SimulatorOptions.DEMO_DISPLAY_PHONE_NUMBER, "wamid.in." + Uuids.random(), contact.substring(1),
					null, "Dana", Instant.now(), "text", null, null, Map.of("body", "hi"), "hi", null, null);
			events.publishAny(EventEnvelope.of(EventType.WA_INBOUND_MESSAGE_V1,
					URI.create("urn:switchboard:webhook-ingest"), "demo", inbound.messageId(), inbound),
					"demo:" + contact.substring(1));
		}
		String commandId = Uuids.random().toString();
		events.publishAny(
				new EventEnvelope<>(commandId, EventType.CONVERSATION_COMMAND_V1,
						URI.create("urn:switchboard:workflow-service"), Instant.now(), arrivals.conversation(), "demo",
						null, null, new ConversationCommand(commandId, arrivals.conversation(),
								ConversationCommand.ASSIGN, null, null, arrivals.agent(), null, "workflow:outage")),
				"demo:" + arrivals.conversation());
	}

	private void allHandledOnce(Arrivals arrivals, long deadLettersBefore) {
		await().atMost(RECOVERY).ignoreExceptions().untilAsserted(() -> {
			for (String id : arrivals.sent()) {
				assertThat(this.api.message(id)).containsEntry("status", "read");
			}
			assertThat(this.api.message(arrivals.inFlight()).get("wamid")).isNotNull();
			for (String id : arrivals.orders()) {
				assertThat(this.api.message(id).get("wamid")).as(id).isNotNull();
			}
			assertThat(windowsRecorded(arrivals.contacts())).isEqualTo(INBOUND);
			assertThat(inboxConversations(arrivals.contacts())).isEqualTo(INBOUND);
			assertThat(assigneeOf(arrivals.conversation())).isEqualTo(arrivals.agent());
		});
		// A message with its wamid recorded can no longer be claimed: these counts are
		// final.
		assertThat(gate.requests(arrivals.inFlightRecipient())).isEqualTo(1);
		for (String to : arrivals.orderRecipients()) {
			assertThat(gate.requests(to)).as(to).isEqualTo(1);
		}
		assertThat(deadLetters()).isEqualTo(deadLettersBefore);
	}

	private long windowsRecorded(List<String> contacts) {
		return this.database
			.sql("SELECT count(*) AS recorded FROM service_windows WHERE tenant_id = 'demo' "
					+ "AND phone_number_id = :number AND contact = ANY(:contacts)")
			.bind("number", DEMO_NUMBER)
			.bind("contacts", contacts.stream().map((contact) -> contact.substring(1)).toArray(String[]::new))
			.map((row) -> row.get("recorded", Long.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

	/**
	 * Contacts whose message the inbox stored, each in one conversation with one entry.
	 */
	private long inboxConversations(List<String> contacts) {
		return this.database.sql("""
				SELECT count(*) AS stored FROM contacts ct JOIN conversations c ON c.contact_id = ct.id
				WHERE ct.tenant_id = 'demo' AND ct.phone = ANY(:contacts)
				AND (SELECT count(*) FROM conversation_entries e WHERE e.conversation_id = c.id) = 1""")
			.bind("contacts", contacts.toArray(String[]::new))
			.map((row) -> row.get("stored", Long.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

	private String conversationOf(String phone) {
		return this.database
			.sql("SELECT c.id::text AS id FROM contacts ct JOIN conversations c ON c.contact_id = ct.id "
					+ "WHERE ct.tenant_id = 'demo' AND ct.phone = :phone")
			.bind("phone", phone)
			.map((row) -> row.get("id", String.class))
			.all()
			.next()
			.block(Duration.ofSeconds(10));
	}

	private String assigneeOf(String conversation) {
		return this.database.sql("SELECT assignee_id FROM conversations WHERE id = :id::uuid")
			.bind("id", conversation)
			.map((row) -> row.get("assignee_id", String.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

	/** The consumers' own contribution to readiness. */
	private Status consumersHealth() {
		return ((HealthIndicator) this.health.getContributor("eventConsumers")).health().getStatus();
	}

	/**
	 * A recipient no other test uses (numbers the phone rules take as Israeli mobiles).
	 */
	private static String recipient() {
		return String.format("+9725000%05d", NEXT_RECIPIENT.getAndIncrement());
	}

	/** Records on every dead-letter topic of messaging-service's consumer groups. */
	private static long deadLetters() {
		return DeadLetterTopics.records(SharedInfra.get().kafka(), "messaging-service");
	}

	/**
	 * What the outage meets: messages sent before it (their recipients and wamids) whose
	 * statuses arrive during it, the send in flight, order confirmations requested during
	 * it (their ids filled in as they are requested), contacts writing in during it, and
	 * a conversation a command assigns to an agent during it.
	 */
	private record Arrivals(List<String> sent, List<String> sentTo, List<String> wamids, String inFlight,
			String inFlightRecipient, List<String> orderRecipients, List<String> orders, List<String> contacts,
			String conversation, String agent) {
	}

}
