package dev.switchboard.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.switchboard.messaging.ShuffledStatuses.State;
import dev.switchboard.messaging.ShuffledStatuses.Subject;
import dev.switchboard.messaging.messages.status.fold.MessageStatus;
import dev.switchboard.messaging.messages.status.fold.Pricing;
import dev.switchboard.messaging.messages.status.fold.StatusError;
import io.r2dbc.spi.Readable;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The database side of {@link ShuffledStatusesIT}: messages stored as sent, then their
 * held statuses, processed status events and delivery states read back.
 */
final class ShuffledStatusesDatabase {

	private static final String GROUP = "messaging-service.statuses";

	private final DatabaseClient database;

	ShuffledStatusesDatabase(DatabaseClient database) {
		this.database = database;
	}

	/** Stores messages as the send path leaves them once Meta answered with a wamid. */
	void storeAnsweredSends(List<Subject> subjects, Instant base) {
		for (int from = 0; from < subjects.size(); from += 500) {
			List<Subject> chunk = subjects.subList(from, Math.min(subjects.size(), from + 500));
			this.database
				.sql("INSERT INTO messages (id, tenant_id, channel_id, provider, recipient, type, body, content, status, "
						+ "wamid, matched_by, provider_attempts, provider_call_started_at, accepted_at, created_at, "
						+ "updated_at) SELECT u.id, 'demo', 'demo-meta', 'META', u.recipient, 'text', 'Shuffled statuses', "
						+ "'{\"body\":\"Shuffled statuses\"}'::jsonb, 'accepted', u.wamid, 'provider', 1, :at, :at, :at, "
						+ ":at FROM unnest(:ids, :recipients, :wamids) AS u(id, recipient, wamid)")
				.bind("ids", chunk.stream().map(Subject::id).toArray(UUID[]::new))
				.bind("recipients", chunk.stream().map(Subject::recipient).toArray(String[]::new))
				.bind("wamids", chunk.stream().map(Subject::wamid).toArray(String[]::new))
				.bind("at", base.minusSeconds(60))
				.then()
				.block(Duration.ofSeconds(30));
		}
	}

	/** How many of the wamids have statuses held, waiting for their message. */
	long heldWamids(Set<String> wamids) {
		return this.database.sql("SELECT count(DISTINCT wamid) AS held FROM held_statuses WHERE wamid = ANY(:wamids)")
			.bind("wamids", wamids.toArray(new String[0]))
			.map((row) -> row.get("held", Long.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

	/** How many of the events the status consumer has taken in (its inbox). */
	long processed(Set<String> eventIds) {
		return this.database
			.sql("SELECT count(*) AS processed FROM inbox WHERE consumer_group = :group AND event_id = ANY(:ids)")
			.bind("group", GROUP)
			.bind("ids", eventIds.toArray(new String[0]))
			.map((row) -> row.get("processed", Long.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

	/** The stored delivery state of the messages, by message id. */
	Map<UUID, State> stored(List<Subject> subjects) {
		List<UUID> ids = subjects.stream().map(Subject::id).toList();
		return this.database
			.sql("SELECT id, status, sent_at, delivered_at, read_at, played_at, failed_at, error_code, error_title, "
					+ "error_details, pricing_category, pricing_model, pricing_type, billable, conversation_id, "
					+ "conversation_origin FROM messages WHERE id = ANY(:ids)")
			.bind("ids", ids.toArray(new UUID[0]))
			.map((row) -> Map.entry(row.get("id", UUID.class), state(row)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.block(Duration.ofSeconds(30));
	}

	private static State state(Readable row) {
		Map<MessageStatus, Instant> times = new EnumMap<>(MessageStatus.class);
		Map<MessageStatus, String> columns = Map.of(MessageStatus.SENT, "sent_at", MessageStatus.DELIVERED,
				"delivered_at", MessageStatus.READ, "read_at", MessageStatus.PLAYED, "played_at", MessageStatus.FAILED,
				"failed_at");
		columns.forEach((status, column) -> {
			Instant at = row.get(column, Instant.class);
			if (at != null) {
				times.put(status, at);
			}
		});
		Integer code = row.get("error_code", Integer.class);
		StatusError error = (code != null)
				? new StatusError(code, row.get("error_title", String.class), row.get("error_details", String.class))
				: null;
		Pricing pricing = new Pricing(row.get("pricing_category", String.class), row.get("pricing_model", String.class),
				row.get("pricing_type", String.class), row.get("billable", Boolean.class),
				row.get("conversation_id", String.class), row.get("conversation_origin", String.class));
		return new State(MessageStatus.parse(row.get("status", String.class)).orElseThrow(), times, error, pricing);
	}

}
