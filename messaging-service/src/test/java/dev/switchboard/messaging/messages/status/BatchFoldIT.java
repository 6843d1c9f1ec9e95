package dev.switchboard.messaging.messages.status;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.wa.WaConversation;
import dev.switchboard.events.wa.WaError;
import dev.switchboard.events.wa.WaPricing;
import dev.switchboard.events.wa.WaStatus;
import dev.switchboard.messaging.IntegrationSetup;
import dev.switchboard.events.kafka.batching.GroupCommit;
import dev.switchboard.messaging.messages.status.fold.DeliveryState;
import dev.switchboard.messaging.messages.status.fold.MessageStatus;
import dev.switchboard.messaging.messages.status.fold.TrackedMessage;
import dev.switchboard.messaging.messages.status.store.TrackedMessages;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Batches of status events folded in one transaction against real PostgreSQL: they end
 * where folding the same events one at a time ends (state, announcements, inbox), unknown
 * wamids are correlated or held as before, and a batch that fails is folded event by
 * event, so that one bad event fails only itself.
 */
class BatchFoldIT extends IntegrationSetup {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final URI INGEST = URI.create("urn:switchboard:webhook-ingest");

	private static final String TENANT = "demo";

	private final String run = Long.toString(System.nanoTime(), 36);

	private final Instant acceptedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2));

	private final Instant t0 = this.acceptedAt.plusSeconds(60);

	private int recipients;

	@Autowired
	private DatabaseClient db;

	@Autowired
	private BatchFold batchFold;

	@Autowired
	private SingleEventFold singleEventFold;

	@Autowired
	private TrackedMessages messages;

	@Autowired
	private StatusRecorder recorder;

	@Autowired
	private TransactionalOperator transactions;

	@Test
	void aBatchWithSeveralStatusesOfAMessageAndRepeatedEventsEndsAsOneDeliveryInOrder() {
		UUID shuffled = storeMessage(wamid("shuffled"));
		UUID inOrder = storeMessage(wamid("in-order"));
		UUID shuffledAlone = storeMessage(wamid("shuffled-alone"));
		UUID inOrderAlone = storeMessage(wamid("in-order-alone"));
		Statuses a = new Statuses(wamid("shuffled"));
		Statuses c = new Statuses(wamid("in-order"));
		// Repeats: the same event again (redelivery) and a later report of sent (new id).
		List<StatusEvent> shuffledOrder = List.of(a.read, a.sent, a.failed, a.sent, a.delivered, a.read, a.lateSent);
		List<StatusEvent> timeOrder = List.of(c.sent, c.failed, c.sent, c.delivered, c.read, c.read, c.lateSent);
		List<StatusEvent> batch = new ArrayList<>();
		for (int i = 0; i < shuffledOrder.size(); i++) {
			batch.add(shuffledOrder.get(i));
			batch.add(timeOrder.get(i));
		}

		this.batchFold.fold(batch).block(TIMEOUT);
		Statuses b = new Statuses(wamid("shuffled-alone"));
		Statuses d = new Statuses(wamid("in-order-alone"));
		for (StatusEvent event : List.of(b.read, b.sent, b.failed, b.sent, b.delivered, b.read, b.lateSent)) {
			this.singleEventFold.fold(event).block(TIMEOUT);
		}
		for (StatusEvent event : List.of(d.sent, d.failed, d.sent, d.delivered, d.read, d.read, d.lateSent)) {
			this.singleEventFold.fold(event).block(TIMEOUT);
		}

		DeliveryState expected = inOrderDelivery(c);
		assertThat(expected.status()).isEqualTo(MessageStatus.READ);
		assertThat(expected.error()).isNotNull();
		assertThat(expected.pricing().conversationId()).isNotNull();
		assertThat(state(shuffled)).isEqualTo(expected);
		assertThat(state(inOrder)).isEqualTo(expected);
		assertThat(state(shuffledAlone)).isEqualTo(expected);
		assertThat(state(inOrderAlone)).isEqualTo(expected);
		assertThat(announced(shuffled)).containsExactly("read").isEqualTo(announced(shuffledAlone));
		assertThat(announced(inOrder)).containsExactly("sent", "failed", "delivered", "read")
			.isEqualTo(announced(inOrderAlone));
		assertThat(processed(batch)).isEqualTo(10);

		// The whole batch again: the inbox absorbs it.
		this.batchFold.fold(batch).block(TIMEOUT);
		assertThat(state(shuffled)).isEqualTo(expected);
		assertThat(announced(shuffled)).containsExactly("read");
		assertThat(announced(inOrder)).containsExactly("sent", "failed", "delivered", "read");
	}

	@Test
	void aBatchMixingKnownAndUnknownWamidsHoldsTheUnknownUntilTheSendRecordsThem() {
		UUID known = storeMessage(wamid("known"));
		UUID awaitingAnswer = storeMessage(null);
		UUID namedByCallback = storeMessage(null);
		Statuses k = new Statuses(wamid("known"));
		Statuses u = new Statuses(wamid("answer-pending"));
		Statuses cb = new Statuses(wamid("callback"), "sb:" + namedByCallback);
		List<StatusEvent> batch = List.of(k.sent, u.sent, cb.sent, k.delivered, u.delivered, cb.delivered);

		this.batchFold.fold(batch).block(TIMEOUT);

		assertThat(state(known).status()).isEqualTo(MessageStatus.DELIVERED);
		assertThat(state(awaitingAnswer).status()).isEqualTo(MessageStatus.ACCEPTED);
		assertThat(held(wamid("answer-pending"))).isEqualTo(2);
		assertThat(state(namedByCallback).times()).containsKeys(MessageStatus.SENT, MessageStatus.DELIVERED);
		assertThat(column(namedByCallback, "wamid")).isEqualTo(wamid("callback"));
		assertThat(column(namedByCallback, "matched_by")).isEqualTo("callback_data");
		assertThat(held(wamid("callback"))).isZero();
		assertThat(announced(known)).containsExactly("sent", "delivered");
		assertThat(announced(namedByCallback)).containsExactly("sent", "delivered");
		assertThat(processed(batch)).isEqualTo(6);

		recordWamid(awaitingAnswer, wamid("answer-pending"));
		DeliveryState applied = state(awaitingAnswer);
		assertThat(applied.status()).isEqualTo(MessageStatus.DELIVERED);
		assertThat(applied.times()).containsEntry(MessageStatus.SENT, this.t0)
			.containsEntry(MessageStatus.DELIVERED, this.t0.plusSeconds(5));
		assertThat(held(wamid("answer-pending"))).isZero();
		assertThat(announced(awaitingAnswer)).containsExactly("sent", "delivered");
	}

	@Test
	void aFailingBatchIsFoldedEventByEventAndOnlyTheBadEventFails() {
		UUID first = storeMessage(wamid("first"));
		UUID second = storeMessage(wamid("second"));
		StatusEvent poisoned = new Statuses(wamid("poison")).sent;
		List<StatusEvent> batch = List.of(new Statuses(wamid("first")).sent, poisoned,
				new Statuses(wamid("second")).delivered);
		poisonHeldStatusesOf(wamid("poison"));
		try {
			assertThatThrownBy(() -> this.batchFold.fold(batch).block(TIMEOUT)).hasStackTraceContaining("poisoned");
			assertThat(state(first).status()).isEqualTo(MessageStatus.ACCEPTED);
			assertThat(processed(batch)).isZero();

			// One batch of exactly these three: it fails, then each is folded alone.
			GroupCommit<StatusEvent> batches = new GroupCommit<>(3, Duration.ofHours(1), 1, 10, this.batchFold::fold,
					this.singleEventFold::fold, Schedulers.parallel());
			List<String> outcomes = Flux.fromIterable(batch)
				.flatMapSequential((event) -> batches.submit(event)
					.thenReturn("folded")
					.onErrorResume(
							(ex) -> Mono.just("failed: " + NestedExceptionUtils.getMostSpecificCause(ex).getMessage())))
				.collectList()
				.block(TIMEOUT);

			assertThat(outcomes).hasSize(3);
			assertThat(outcomes.get(0)).isEqualTo("folded");
			assertThat(outcomes.get(1)).startsWith("failed").contains("poisoned");
			assertThat(outcomes.get(2)).isEqualTo("folded");
			assertThat(state(first).status()).isEqualTo(MessageStatus.SENT);
			assertThat(state(second).status()).isEqualTo(MessageStatus.DELIVERED);
			assertThat(processed(batch)).isEqualTo(2);
			assertThat(processed(List.of(poisoned))).isZero();
		}
		finally {
			this.db.sql("DROP TRIGGER IF EXISTS status_batch_it_poison ON held_statuses").then().block(TIMEOUT);
			this.db.sql("DROP FUNCTION IF EXISTS status_batch_it_poison()").then().block(TIMEOUT);
		}
	}

	@Test
	void concurrentBatchesSharingWamidsQueueRatherThanDeadlock() {
		List<UUID> ids = new ArrayList<>();
		List<String> wamids = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			wamids.add(wamid("shared-" + i));
			ids.add(storeMessage(wamids.get(i)));
		}
		List<Mono<Void>> folds = new ArrayList<>();
		for (int batch = 0; batch < 6; batch++) {
			List<StatusEvent> events = new ArrayList<>();
			for (String wamid : wamids) {
				events.add(new Statuses(wamid).read);
			}
			Collections.shuffle(events, new Random(batch));
			folds.add(this.batchFold.fold(events).subscribeOn(Schedulers.parallel()));
		}

		Mono.when(folds).block(TIMEOUT);

		for (UUID id : ids) {
			assertThat(state(id).status()).isEqualTo(MessageStatus.READ);
			assertThat(announced(id)).containsExactly("read");
		}
	}

	private String wamid(String name) {
		return "wamid.batch." + this.run + "." + name;
	}

	/**
	 * A message as the send path leaves it: answered with the wamid, or awaiting the
	 * answer.
	 */
	private UUID storeMessage(String wamid) {
		UUID id = UUID.randomUUID();
		GenericExecuteSpec insert = this.db
			.sql("INSERT INTO messages (id, tenant_id, channel_id, provider, recipient, type, body, content, status, "
					+ "wamid, matched_by, provider_attempts, provider_call_started_at, accepted_at, created_at, "
					+ "updated_at) VALUES (:id, :tenant, 'demo-meta', 'META', :recipient, 'text', 'Batched', "
					+ "'{\"body\":\"Batched\"}'::jsonb, 'accepted', :wamid, :matchedBy, 1, :callStartedAt, :at, :at, :at)")
			.bind("id", id)
			.bind("tenant", TENANT)
			.bind("recipient", String.format("+97250077%04d", ++this.recipients))
			.bind("at", this.acceptedAt)
			// Without a wamid: the call has just been made (not yet one to reconcile).
			.bind("callStartedAt", (wamid != null) ? this.acceptedAt : Instant.now());
		insert = (wamid != null) ? insert.bind("wamid", wamid).bind("matchedBy", "provider")
				: insert.bindNull("wamid", String.class).bindNull("matchedBy", String.class);
		insert.then().block(TIMEOUT);
		return id;
	}

	/** What the send path does when the provider's answer names the wamid. */
	private void recordWamid(UUID id, String wamid) {
		Mono<Void> record = this.messages.lockWamid(TENANT, wamid)
			.then(this.db.sql("UPDATE messages SET wamid = :wamid, matched_by = 'provider' WHERE id = :id")
				.bind("wamid", wamid)
				.bind("id", id)
				.then())
			.then(this.messages.lockById(TENANT, id))
			.flatMap(this.recorder::applyHeld)
			.then();
		this.transactions.transactional(record).block(TIMEOUT);
	}

	/** Held statuses of the wamid cannot be stored: holding one fails. */
	private void poisonHeldStatusesOf(String wamid) {
		this.db
			.sql("CREATE OR REPLACE FUNCTION status_batch_it_poison() RETURNS trigger LANGUAGE plpgsql AS "
					+ "'BEGIN RAISE EXCEPTION ''poisoned status %'', NEW.event_id; END'")
			.then()
			.block(TIMEOUT);
		this.db
			.sql("CREATE TRIGGER status_batch_it_poison BEFORE INSERT ON held_statuses FOR EACH ROW WHEN (NEW.wamid = '"
					+ wamid + "') EXECUTE FUNCTION status_batch_it_poison()")
			.then()
			.block(TIMEOUT);
	}

	/** The state one delivery of the statuses in the order they happened leaves. */
	private DeliveryState inOrderDelivery(Statuses statuses) {
		DeliveryState state = DeliveryState.accepted(this.acceptedAt);
		for (StatusEvent event : List.of(statuses.sent, statuses.failed, statuses.delivered, statuses.read,
				statuses.lateSent)) {
			state = state.apply(event.update()).state();
		}
		return state;
	}

	private DeliveryState state(UUID id) {
		return this.messages.lockById(TENANT, id).map(TrackedMessage::state).block(TIMEOUT);
	}

	private Object column(UUID id, String column) {
		return this.db.sql("SELECT " + column + " FROM messages WHERE id = :id")
			.bind("id", id)
			.fetch()
			.one()
			.map((row) -> row.get(column))
			.block(TIMEOUT);
	}

	/** The statuses announced for the message, in the order they were appended. */
	private List<String> announced(UUID id) {
		return this.db.sql("SELECT payload->>'status' AS status FROM outbox WHERE key = :key ORDER BY id")
			.bind("key", TENANT + ":" + id)
			.map((row) -> row.get("status", String.class))
			.all()
			.collectList()
			.block(TIMEOUT);
	}

	private long processed(List<StatusEvent> events) {
		return this.db
			.sql("SELECT count(*) AS processed FROM inbox WHERE consumer_group = :group AND event_id = ANY(:ids)")
			.bind("group", StatusEventHandler.CONSUMER_GROUP)
			.bind("ids", events.stream().map(StatusEvent::id).distinct().toArray(String[]::new))
			.map((row) -> row.get("processed", Long.class))
			.one()
			.block(TIMEOUT);
	}

	private long held(String wamid) {
		return this.db.sql("SELECT count(*) AS held FROM held_statuses WHERE wamid = :wamid")
			.bind("wamid", wamid)
			.map((row) -> row.get("held", Long.class))
			.one()
			.block(TIMEOUT);
	}

	/**
	 * One message's statuses, each an event with an id of its own: sent with pricing, a
	 * failure, delivered with the conversation, read, and sent reported again later.
	 */
	private final class Statuses {

		final StatusEvent sent;

		final StatusEvent failed;

		final StatusEvent delivered;

		final StatusEvent read;

		final StatusEvent lateSent;

		Statuses(String wamid) {
			this(wamid, null);
		}

		Statuses(String wamid, String callbackData) {
			Instant t0 = BatchFoldIT.this.t0;
			WaPricing pricing = new WaPricing(true, "PMP", "regular", "utility");
			this.sent = event(wamid, "sent", t0, callbackData, pricing, null, null);
			this.failed = event(wamid, "failed", t0.plusSeconds(3), callbackData, null, null,
					new WaError(131047, "Re-engagement message", "Re-engagement message", "24 hours passed", null));
			this.delivered = event(wamid, "delivered", t0.plusSeconds(5), callbackData, pricing,
					new WaConversation("conversation-1", null, "utility"), null);
			this.read = event(wamid, "read", t0.plusSeconds(10), callbackData, null, null, null);
			this.lateSent = event(wamid, "sent", t0.plusSeconds(60), callbackData, null, null, null);
		}

		private static StatusEvent event(String wamid, String status, Instant at, String callbackData,
				WaPricing pricing, WaConversation conversation, WaError error) {
			WaStatus data = new WaStatus("100000000000001", "waba", "+1 555 0100", wamid, status, at, "972500770000",
					null, callbackData, conversation, pricing, (error != null) ? List.of(error) : null);
			EventEnvelope<WaStatus> envelope = new EventEnvelope<>(EventEnvelope.randomId(), EventType.WA_STATUS_V1,
					INGEST, at, wamid, TENANT, null, null, data);
			return new StatusEvent(envelope, StatusEventHandler.update(envelope).orElseThrow());
		}

	}

}
