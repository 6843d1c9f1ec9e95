package dev.switchboard.events.outbox;

import java.util.List;
import java.util.stream.IntStream;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.messaging.MessageStatusChanged;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static dev.switchboard.events.outbox.RelayHarness.SOURCE;
import static dev.switchboard.events.outbox.RelayHarness.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox against real PostgreSQL and Kafka on its normal path: what a committed
 * transaction appended leaves once, in order, however many batches it takes; what a
 * rolled-back one appended never leaves; what was committed when the relay stops leaves
 * before it stopped.
 */
class OutboxRelayIT extends RelayTests {

	@Test
	void publishesACommittedEventOnce() {
		EventEnvelope<MessageStatusChanged> event = this.harness.event("m-1", 1);
		this.harness.appendCommitted(event);
		this.harness.awaitEvent(event);
		this.harness.relay().drain().block(TIMEOUT);

		EventEnvelope<MessageStatusChanged> marker = this.harness.event("m-2", 2);
		this.harness.appendCommitted(marker);
		this.harness.awaitEvent(marker);
		assertThat(this.harness.ids()).containsOnlyOnce(event.id());
		EventEnvelope<MessageStatusChanged> received = this.harness.received(event.id());
		assertThat(received.source()).isEqualTo(SOURCE);
		assertThat(received.tenantId()).isEqualTo(this.harness.tenant());
		assertThat(received.data()).isEqualTo(event.data());
		assertThat(this.harness.unpublished()).isZero();
	}

	@Test
	void neverPublishesARolledBackEvent() {
		EventEnvelope<MessageStatusChanged> rolledBack = this.harness.event("m-1", 1);
		Mono<Void> failing = this.harness.outbox()
			.append(rolledBack, this.harness.key())
			.then(Mono.error(new IllegalStateException("state change failed")));
		this.harness.transactions()
			.transactional(failing)
			.onErrorResume(IllegalStateException.class, (ex) -> Mono.empty())
			.block(TIMEOUT);

		EventEnvelope<MessageStatusChanged> marker = this.harness.event("m-2", 2);
		this.harness.appendCommitted(marker);
		this.harness.awaitEvent(marker);
		assertThat(this.harness.ids()).doesNotContain(rolledBack.id());
		assertThat(this.harness.rows()).isEqualTo(1);
	}

	@Test
	void publishesRowsInOutboxOrderAcrossBatches() {
		List<EventEnvelope<MessageStatusChanged>> events = IntStream.range(0, 30)
			.mapToObj((sequence) -> this.harness.event("m-" + sequence, sequence))
			.toList();
		// One transaction: a single commit signal must drain all five batches.
		this.harness.transactions()
			.transactional(Flux.fromIterable(events)
				.concatMap((event) -> this.harness.outbox().append(event, this.harness.key()))
				.then())
			.block(TIMEOUT);

		this.harness.awaitEvent(events.get(events.size() - 1));
		assertThat(this.harness.ids()).containsExactlyElementsOf(events.stream().map(EventEnvelope::id).toList());
	}

	@Test
	void appendsManyEventsInOneStatementAndPublishesThemInOrder() {
		List<EventEnvelope<MessageStatusChanged>> events = IntStream.range(0, 1_200)
			.mapToObj((sequence) -> this.harness.event("m-" + sequence, sequence))
			.toList();
		this.harness.transactions()
			.transactional(this.harness.outbox()
				.appendAll(events.stream().map((event) -> new Outbox.Append(event, this.harness.key())).toList()))
			.block(TIMEOUT);

		this.harness.awaitEvent(events.get(events.size() - 1));
		assertThat(this.harness.ids()).containsExactlyElementsOf(events.stream().map(EventEnvelope::id).toList());
	}

	@Test
	void stoppingRelaysWhatWasCommittedBeforeTheStop() {
		// Appended through another instance's outbox: no commit signal reaches this
		// relay,
		// and its poll is minutes away; only the last round of its stop can relay it.
		Outbox elsewhere = new Outbox(this.harness.database(), SOURCE, RelayHarness.TABLE);
		EventEnvelope<MessageStatusChanged> event = this.harness.event("m-1", 1);
		this.harness.transactions().transactional(elsewhere.append(event, this.harness.key())).block(TIMEOUT);

		this.harness.relay().stop();

		assertThat(this.harness.unpublished()).isZero();
		this.harness.awaitEvent(event);
		assertThat(this.harness.ids()).containsOnlyOnce(event.id());
	}

}
