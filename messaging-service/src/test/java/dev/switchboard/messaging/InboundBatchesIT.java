package dev.switchboard.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.switchboard.messaging.InboxApi.inbound;
import static dev.switchboard.messaging.InboxApi.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Inbound messages of many contacts handed in at once are stored in batches (messages for
 * open conversations set-based, the rest one by one in the same transaction), and end
 * where one message at a time ends: each conversation's messages in order, one version up
 * per message, every change announced, a resolved conversation reopened, a reaction
 * applied without an entry, a new contact's conversation opened.
 */
class InboundBatchesIT extends IntegrationSetup {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final int CONTACTS = 30;

	private static final int MORE = 5;

	/**
	 * Numbers of this run (a database kept between runs holds the last run's contacts).
	 */
	private static final int RUN = ThreadLocalRandom.current().nextInt(100, 9_000) * 50;

	@Autowired
	MeterRegistry meters;

	@Test
	void messagesOfManyContactsAreStoredTogetherAndEachConversationTakesThemInOrder() {
		InboxApi inbox = new InboxApi(this.port, events);
		String prefix = "wamid.BATCH." + RUN + ".";
		publishRound(inbox, prefix, 0);
		await().atMost(PATIENCE)
			.until(() -> count("SELECT count(*) FROM conversation_entries WHERE wamid LIKE '" + prefix + "%'"),
					(n) -> n == CONTACTS);
		// One conversation resolved: its customer's next message reopens it.
		UUID resolved = conversationOf(number(0));
		inbox.json(inbox.post("demo", "/api/v1/conversations/{id}/resolve", null, null, resolved));
		double together = stored("open-conversation");

		// Every contact's next messages at once, round after round (so that each
		// contact's stay in order), a reaction and a new contact among them.
		for (int round = 1; round <= MORE; round++) {
			publishRound(inbox, prefix, round);
		}
		inbox.publish(inbound(number(1), null, prefix + "reaction", "reaction",
				Map.of("message_id", prefix + "1.0", "emoji", "👍"), null, Instant.now()));
		inbox.publish(text(number(CONTACTS), prefix + "new", "first words"));

		await().atMost(PATIENCE)
			.until(() -> count("SELECT count(*) FROM conversation_entries WHERE wamid LIKE '" + prefix + "%'"),
					(n) -> n == CONTACTS * (1 + MORE) + 1);
		for (int contact = 1; contact < CONTACTS; contact++) {
			UUID id = conversationOf(number(contact));
			Map<String, Object> row = row(
					"SELECT unread_count, version, last_text, status FROM conversations WHERE id = '" + id + "'");
			assertThat(row).containsEntry("unread_count", 1 + MORE)
				.containsEntry("version", (long) MORE)
				.containsEntry("last_text", "c" + contact + " m" + MORE)
				.containsEntry("status", "OPEN");
			assertThat(texts(id)).containsExactlyElementsOf(texts(contact));
		}
		Map<String, Object> reopened = row(
				"SELECT status, reopen_count FROM conversations WHERE id = '" + resolved + "'");
		assertThat(reopened).containsEntry("status", "OPEN").containsEntry("reopen_count", 1);
		assertThat(texts(resolved)).containsExactlyElementsOf(texts(0));
		assertThat(conversationOf(number(CONTACTS))).isNotNull();
		// The reaction is applied to its message and adds no entry.
		assertThat(count("SELECT count(*) FROM conversation_entries WHERE wamid = '" + prefix + "reaction'")).isZero();
		assertThat(count("SELECT count(*) FROM message_reactions WHERE target_wamid = '" + prefix + "1.0'"))
			.isEqualTo(1);
		// Every change reached the streams' log: created, the messages, the reaction.
		assertThat(count(
				"SELECT count(*) FROM conversation_stream WHERE conversation_id = '" + conversationOf(number(1)) + "'"))
			.isEqualTo(1 + MORE + 1);
		// And messages for open conversations went the set-based way.
		assertThat(stored("open-conversation") - together).isPositive();
	}

	private void publishRound(InboxApi inbox, String prefix, int round) {
		Flux.range(0, CONTACTS)
			.flatMap((contact) -> Mono
				.fromRunnable(() -> inbox
					.publish(text(number(contact), prefix + contact + "." + round, "c" + contact + " m" + round)))
				.subscribeOn(Schedulers.boundedElastic()), CONTACTS)
			.blockLast(PATIENCE);
	}

	private static List<String> texts(int contact) {
		return IntStream.rangeClosed(0, MORE).mapToObj((round) -> "c" + contact + " m" + round).toList();
	}

	private List<String> texts(UUID conversationId) {
		return this.database
			.sql("SELECT text FROM conversation_entries WHERE conversation_id = :id AND kind = 'INBOUND' ORDER BY seq")
			.bind("id", conversationId)
			.map((row) -> row.get("text", String.class))
			.all()
			.collectList()
			.block(PATIENCE);
	}

	private UUID conversationOf(String phone) {
		return this.database.sql("""
				SELECT c.id FROM conversations c JOIN contacts ct ON ct.id = c.contact_id
				WHERE ct.tenant_id = 'demo' AND ct.phone = :phone ORDER BY c.created_at DESC LIMIT 1""")
			.bind("phone", "+" + phone)
			.map((row) -> row.get("id", UUID.class))
			.one()
			.block(PATIENCE);
	}

	private double stored(String path) {
		Counter counter = this.meters.find("switchboard.inbox.inbound.batched").tag("path", path).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private Map<String, Object> row(String sql) {
		return this.database.sql(sql).fetch().one().block(PATIENCE);
	}

	private long count(String sql) {
		return this.database.sql(sql).map((row) -> row.get(0, Long.class)).one().block(PATIENCE);
	}

	private static String number(int index) {
		return String.format("9726%07d", RUN + index);
	}

}
