package dev.switchboard.messaging.inbox.receipts;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.events.Uuids;
import dev.switchboard.messaging.IntegrationSetup;
import dev.switchboard.messaging.channels.ChannelDirectory;
import dev.switchboard.messaging.messages.delivery.ReadMarks;
import dev.switchboard.simulators.SimulatorOptions;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The read receipt sender against PostgreSQL and the Meta simulator: senders of several
 * instances at once send every receipt exactly once; a receipt past its time is given up
 * without a call.
 */
class ReadReceiptSenderIT extends IntegrationSetup {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@Autowired
	private DatabaseClient db;

	@Autowired
	private ChannelDirectory channels;

	@Autowired
	private ReadMarks marks;

	@Test
	void sendersOfSeveralInstancesSendEachReceiptOnce() {
		UUID conversation = conversation();
		String prefix = "wamid.RACE." + System.nanoTime() + ".";
		receipts(conversation, prefix, 60, "now()");
		// Two more instances with small batches, so that their claims interleave with
		// each
		// other's and with this instance's own sender.
		ReadReceiptSender first = sender();
		ReadReceiptSender second = sender();

		Flux.merge(first.sweep().subscribeOn(Schedulers.parallel()), second.sweep().subscribeOn(Schedulers.parallel()),
				first.sweep().subscribeOn(Schedulers.parallel()), second.sweep().subscribeOn(Schedulers.parallel()))
			.blockLast(PATIENCE);

		await().atMost(PATIENCE).until(() -> count(conversation, "state = 'SENT'"), (sent) -> sent == 60);
		List<String> marked = markedAtMeta(prefix);
		assertThat(marked).hasSize(60).doesNotHaveDuplicates();
	}

	@Test
	void aReceiptPastItsTimeIsGivenUpWithoutACall() {
		UUID conversation = conversation();
		String prefix = "wamid.LATE." + System.nanoTime() + ".";
		receipts(conversation, prefix, 3, "now() - interval '1 hour'");

		sender().sweep().block(PATIENCE);

		await().atMost(PATIENCE).until(() -> count(conversation, "state = 'EXPIRED'"), (expired) -> expired == 3);
		assertThat(count(conversation, "attempts = 0")).isEqualTo(3);
		assertThat(markedAtMeta(prefix)).isEmpty();
	}

	private ReadReceiptSender sender() {
		ReadReceiptProperties properties = new ReadReceiptProperties(true, Duration.ofMillis(200), 5, 2,
				Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofMinutes(15),
				Duration.ofDays(7));
		return new ReadReceiptSender(this.db, this.channels, this.marks, properties);
	}

	/** A resolved conversation of the demo tenant's Meta channel, to hang receipts on. */
	private UUID conversation() {
		UUID contact = Uuids.random();
		UUID conversation = Uuids.random();
		this.db.sql("INSERT INTO contacts (id, tenant_id, created_at, updated_at) VALUES (:id, 'demo', now(), now())")
			.bind("id", contact)
			.then()
			.then(this.db.sql("""
					INSERT INTO conversations (id, tenant_id, channel_id, phone_number_id, contact_id, status,
					  last_activity_at, resolved_at, created_at, updated_at)
					VALUES (:id, 'demo', 'demo-meta', :number, :contact, 'RESOLVED', now(), now(), now(), now())""")
				.bind("id", conversation)
				.bind("number", SimulatorOptions.DEMO_PHONE_NUMBER_ID)
				.bind("contact", contact)
				.then())
			.block(PATIENCE);
		return conversation;
	}

	private void receipts(UUID conversation, String prefix, int count, String readAt) {
		this.db.sql("""
				INSERT INTO read_receipts (id, tenant_id, conversation_id, channel_id, wamid, agent_id, read_at,
				  next_attempt_at)
				SELECT gen_random_uuid(), 'demo', :conversation, 'demo-meta', :prefix || n, 'agent-race', %s, now()
				FROM generate_series(1, :count) n""".formatted(readAt))
			.bind("conversation", conversation)
			.bind("prefix", prefix)
			.bind("count", count)
			.then()
			.block(PATIENCE);
	}

	private long count(UUID conversation, String condition) {
		return this.db.sql("SELECT count(*) FROM read_receipts WHERE conversation_id = :id AND " + condition)
			.bind("id", conversation)
			.map((row) -> row.get(0, Long.class))
			.one()
			.block(PATIENCE);
	}

	/** The wamids with this prefix the Meta simulator took mark-as-read calls for. */
	@SuppressWarnings("unchecked")
	private static List<String> markedAtMeta(String prefix) {
		List<Map<String, Object>> receipts = WebTestClient.bindToServer()
			.baseUrl(metaSimulatorUrl())
			.build()
			.get()
			.uri("/_sim/meta/read-receipts")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(List.class)
			.returnResult()
			.getResponseBody();
		return receipts.stream()
			.map((receipt) -> (String) receipt.get("messageId"))
			.filter((wamid) -> wamid.startsWith(prefix))
			.toList();
	}

}
