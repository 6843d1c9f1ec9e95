package dev.switchboard.events.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.Topic;
import dev.switchboard.events.messaging.MessageStatusChanged;
import dev.switchboard.events.outbox.RelayHarness.RowState;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import static dev.switchboard.events.outbox.RelayHarness.SOURCE;
import static dev.switchboard.events.outbox.RelayHarness.TABLE;
import static dev.switchboard.events.outbox.RelayHarness.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rows that fail by themselves, against real PostgreSQL and Kafka: an unreadable row is
 * counted and not marked published; a row Kafka always refuses is parked after its
 * attempts; neither holds up the rows behind it.
 */
class OutboxRelayFailingRowsIT extends RelayTests {

	@Test
	void countsAnUnreadableRowWithoutMarkingItPublishedAndRelaysTheRowsBehindIt() {
		this.harness.database()
			.sql("INSERT INTO " + TABLE + " (tenant_id, topic, key, type, payload, headers) VALUES "
					+ "(:tenant, 'messaging.events.v1', :key, 'dev.switchboard.unknown.v9', '{}', '{}')")
			.bind("tenant", this.harness.tenant())
			.bind("key", this.harness.key())
			.then()
			.block(TIMEOUT);

		EventEnvelope<MessageStatusChanged> after = this.harness.event("m-1", 1);
		this.harness.appendCommitted(after);
		this.harness.awaitEvent(after);
		assertThat(this.harness.ids()).containsExactly(after.id());
		// The marks commit after the acknowledgement.
		await().atMost(TIMEOUT).until(() -> this.harness.state("type = 'dev.switchboard.unknown.v9'").attempts() == 1);
		assertThat(this.harness.unpublished()).isOne();
		RowState unreadable = this.harness.state("type = 'dev.switchboard.unknown.v9'");
		assertThat(unreadable.attempts()).isOne();
		assertThat(unreadable.lastError()).contains("unknown type");
		assertThat(unreadable.nextAttemptAt()).isNotNull();
		assertThat(unreadable.parked()).isFalse();
	}

	@Test
	void parksARowThatAlwaysFailsAfterItsAttemptsWhileTheRowsBehindItLeaveInOrder() {
		this.harness.restartRelay(this.harness.publisher(), Duration.ofMillis(100), 3);
		EventEnvelope<MessageStatusChanged> tooLarge = tooLarge("m-big");
		List<EventEnvelope<MessageStatusChanged>> behind = IntStream.range(0, 5)
			.mapToObj((sequence) -> this.harness.event("m-" + sequence, sequence))
			.toList();
		this.harness.transactions()
			.transactional(this.harness.outbox()
				.append(tooLarge, this.harness.key())
				.thenMany(Flux.fromIterable(behind)
					.concatMap((event) -> this.harness.outbox().append(event, this.harness.key())))
				.then())
			.block(TIMEOUT);

		await().atMost(TIMEOUT).until(() -> this.harness.state("payload->>'messageId' = 'm-big'").parked());
		RowState parked = this.harness.state("payload->>'messageId' = 'm-big'");
		assertThat(parked.attempts()).isEqualTo(3);
		assertThat(parked.lastError()).contains("RecordTooLargeException");
		assertThat(parked.published()).isFalse();
		assertThat(parked.nextAttemptAt()).isNull();

		// Parked, it holds up nothing appended later either.
		EventEnvelope<MessageStatusChanged> later = this.harness.event("m-later", 99);
		this.harness.appendCommitted(later);
		this.harness.awaitEvent(later);
		assertThat(this.harness.ids()).containsExactlyElementsOf(
				Stream.concat(behind.stream(), Stream.of(later)).map(EventEnvelope::id).toList());
		await().atMost(TIMEOUT).until(() -> this.harness.unpublished() == 1);
	}

	/** An event larger than a producer request may be. */
	private EventEnvelope<MessageStatusChanged> tooLarge(String messageId) {
		MessageStatusChanged data = new MessageStatusChanged(messageId, null, "demo-meta", "16505551234", "failed",
				Instant.parse("2026-01-01T00:00:00Z"), 131000, "x".repeat(Topic.RAW_MAX_MESSAGE_BYTES + 1024 * 1024));
		return EventEnvelope.of(EventType.MESSAGE_STATUS_CHANGED_V1, SOURCE, this.harness.tenant(), messageId, data);
	}

}
