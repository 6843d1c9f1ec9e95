package dev.switchboard.messaging.inbox.conversations;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.switchboard.messaging.IntegrationSetup;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conversations resolved longer than the archive age are archived once, in batches, by
 * any number of instances at once; younger ones and open ones stay.
 */
class ConversationArchiveIT extends IntegrationSetup {

	@Autowired
	private ConversationArchiver archiver;

	@Autowired
	private DatabaseClient db;

	@Test
	void resolvedConversationsPastTheirAgeAreArchivedOnceEvenByTwoInstancesAtOnce() {
		Instant old = Instant.now().minus(Duration.ofDays(8));
		List<UUID> due = List.of(conversation("RESOLVED", old), conversation("RESOLVED", old),
				conversation("RESOLVED", old));
		UUID young = conversation("RESOLVED", Instant.now().minus(Duration.ofDays(6)));
		UUID open = conversation("OPEN", null);

		// Two instances at once: each conversation is taken by one.
		List<Long> archived = Mono.zip(this.archiver.archiveDue(), this.archiver.archiveDue())
			.map((both) -> List.of(both.getT1(), both.getT2()))
			.block(Duration.ofSeconds(30));
		assertThat(archived.stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(due.size());

		for (UUID id : due) {
			assertThat(status(id)).isEqualTo("ARCHIVED");
			assertThat(count("SELECT count(*) FROM conversation_entries WHERE conversation_id = '" + id
					+ "' AND activity = 'ARCHIVED'"))
				.isEqualTo(1);
			assertThat(count("SELECT version FROM conversations WHERE id = '" + id + "'")).isEqualTo(1);
		}
		assertThat(status(young)).isEqualTo("RESOLVED");
		assertThat(status(open)).isEqualTo("OPEN");
		assertThat(this.archiver.archiveDue().block(Duration.ofSeconds(30))).isZero();
	}

	private UUID conversation(String status, Instant resolvedAt) {
		UUID contact = UUID.randomUUID();
		UUID id = UUID.randomUUID();
		this.db
			.sql("INSERT INTO contacts (id, tenant_id, phone, created_at, updated_at) "
					+ "VALUES (:id, 'demo', :phone, now(), now())")
			.bind("id", contact)
			.bind("phone", "+9725009" + String.format("%05d", Math.abs(id.hashCode() % 100000)))
			.then()
			.then(this.db.sql("INSERT INTO conversations (id, tenant_id, channel_id, phone_number_id, contact_id, "
					+ "status, last_activity_at, resolved_at, created_at, updated_at) VALUES (:id, 'demo', 'demo-meta', "
					+ "'100000000000001', :contact, :status, now(), :resolvedAt, now(), now())")
				.bind("id", id)
				.bind("contact", contact)
				.bind("status", status)
				.bind("resolvedAt", (resolvedAt != null) ? resolvedAt : Instant.now())
				.then())
			.block(Duration.ofSeconds(10));
		if (resolvedAt == null) {
			this.db.sql("UPDATE conversations SET resolved_at = NULL WHERE id = :id")
				.bind("id", id)
				.then()
				.block(Duration.ofSeconds(10));
		}
		return id;
	}

	private String status(UUID id) {
		return this.db.sql("SELECT status FROM conversations WHERE id = :id")
			.bind("id", id)
			.map((row) -> row.get(0, String.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

	private long count(String sql) {
		return this.db.sql(sql).map((row) -> ((Number) row.get(0)).longValue()).one().block(Duration.ofSeconds(10));
	}

}
