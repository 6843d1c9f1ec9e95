package dev.switchboard.messaging.inbox.receipts;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.switchboard.events.kafka.PeriodicSweep;
import dev.switchboard.messaging.channels.Channel;
import dev.switchboard.messaging.channels.ChannelDirectory;
import dev.switchboard.messaging.messages.delivery.ReadMarks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Sends the recorded read receipts, on every instance. One statement claims a batch of
 * due receipts ({@code FOR UPDATE SKIP LOCKED}) and moves their due time past the call
 * (the claim), so no other instance or round takes them while the call is under way. Each
 * outcome is written only if the claim is still the one this round took: sent, refused
 * for good, or due again after a backoff (Meta refused for now, timed out, or the breaker
 * held the call back). A receipt not sent {@code give-up-after} after the read is given
 * up: late ticks are worth nothing. Mark-as-read is idempotent at Meta, so an attempt
 * whose answer was lost is tried again; a sent receipt never is.
 */
@Component
class ReadReceiptSender implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ReadReceiptSender.class);

	/** Retries of writing an outcome while PostgreSQL does not answer. */
	private static final Retry RECORD_RETRY = Retry.backoff(3, Duration.ofMillis(200));

	private final DatabaseClient database;

	private final ChannelDirectory channels;

	private final ReadMarks marks;

	private final ReadReceiptProperties properties;

	private final PeriodicSweep sweeps;

	ReadReceiptSender(DatabaseClient database, ChannelDirectory channels, ReadMarks marks,
			ReadReceiptProperties properties) {
		this.database = database;
		this.channels = channels;
		this.marks = marks;
		this.properties = properties;
		this.sweeps = new PeriodicSweep(log, "Read receipt sender", properties.interval(), this::sweep);
	}

	@Override
	public void start() {
		if (!this.properties.enabled()) {
			return;
		}
		this.sweeps.start();
	}

	@Override
	public void stop() {
		this.sweeps.stop();
	}

	/** Lets the round in flight finish, beside the service's other workers. */
	@Override
	public void stop(Runnable callback) {
		this.sweeps.stop(callback);
	}

	@Override
	public boolean isRunning() {
		return this.sweeps.isRunning();
	}

	/**
	 * Gives up the receipts past their time, then sends the due ones, batch after batch.
	 * @return how many calls were made
	 */
	Mono<Long> sweep() {
		Instant now = Instant.now();
		return expire(now)
			.then(batch(now).expand((calls) -> (calls < this.properties.batchSize()) ? Mono.empty() : batch(now))
				.reduce(0L, Long::sum));
	}

	private Mono<Long> expire(Instant now) {
		return this.database.sql("""
				UPDATE read_receipts SET state = 'EXPIRED', last_error = coalesce(last_error, 'Not sent in time')
				WHERE id IN (SELECT id FROM read_receipts
				  WHERE state = 'PENDING' AND next_attempt_at <= :now AND read_at <= :oldest
				  ORDER BY next_attempt_at LIMIT :batch FOR UPDATE SKIP LOCKED)""")
			.bind("now", now)
			.bind("oldest", now.minus(this.properties.giveUpAfter()))
			.bind("batch", this.properties.batchSize())
			.fetch()
			.rowsUpdated();
	}

	private Mono<Long> batch(Instant now) {
		return claim(now).flatMap(this::send, this.properties.callsInFlight()).count();
	}

	/** Due receipts still worth sending, claimed for the length of a call. */
	private Flux<Claimed> claim(Instant now) {
		return this.database.sql("""
				UPDATE read_receipts r SET attempts = r.attempts + 1, next_attempt_at = :claimedUntil
				FROM (SELECT id FROM read_receipts
				  WHERE state = 'PENDING' AND next_attempt_at <= :now AND read_at > :oldest
				  ORDER BY next_attempt_at LIMIT :batch FOR UPDATE SKIP LOCKED) due
				WHERE r.id = due.id
				RETURNING r.id, r.tenant_id, r.channel_id, r.wamid, r.attempts, r.read_at""")
			.bind("now", now)
			.bind("claimedUntil", now.plus(this.properties.claim()))
			.bind("oldest", now.minus(this.properties.giveUpAfter()))
			.bind("batch", this.properties.batchSize())
			.map((row) -> new Claimed(row.get("id", UUID.class), row.get("tenant_id", String.class),
					row.get("channel_id", String.class), row.get("wamid", String.class),
					row.get("attempts", Integer.class), row.get("read_at", Instant.class)))
			.all();
	}

	private Mono<Void> send(Claimed receipt) {
		Channel channel = this.channels.find(receipt.tenantId(), receipt.channelId()).orElse(null);
		if (channel == null) {
			return finish(receipt, "FAILED", "Channel not available");
		}
		return this.marks.markRead(channel, receipt.wamid())
			.timeout(this.properties.callTimeout(),
					Mono.just(new ReadMarks.Outcome(ReadMarks.Result.RETRY, "No answer in time")))
			.flatMap((outcome) -> switch (outcome.result()) {
				case READ -> finish(receipt, "SENT", null);
				case REFUSED -> finish(receipt, "FAILED", outcome.error());
				case RETRY -> retry(receipt, outcome.error());
			});
	}

	private Mono<Void> retry(Claimed receipt, String error) {
		Instant next = Instant.now().plus(this.properties.backoff(receipt.attempts()));
		if (next.isAfter(receipt.readAt().plus(this.properties.giveUpAfter()))) {
			return finish(receipt, "EXPIRED", error);
		}
		return record(withError(this.database.sql("""
				UPDATE read_receipts SET next_attempt_at = :next, last_error = :error
				WHERE id = :id AND attempts = :attempts AND state = 'PENDING'""")
			.bind("next", next)
			.bind("id", receipt.id())
			.bind("attempts", receipt.attempts()), error));
	}

	private Mono<Void> finish(Claimed receipt, String state, String error) {
		if (!"SENT".equals(state)) {
			log.info("Read receipt {} of tenant {} {}: {}", receipt.wamid(), receipt.tenantId(), state, error);
		}
		DatabaseClient.GenericExecuteSpec update = this.database.sql("""
				UPDATE read_receipts SET state = :state, last_error = :error,
				  sent_at = CASE WHEN :state = 'SENT' THEN now() END
				WHERE id = :id AND attempts = :attempts AND state = 'PENDING'""")
			.bind("state", state)
			.bind("id", receipt.id())
			.bind("attempts", receipt.attempts());
		return record(withError(update, error));
	}

	private static DatabaseClient.GenericExecuteSpec withError(DatabaseClient.GenericExecuteSpec update, String error) {
		return (error != null) ? update.bind("error", error) : update.bindNull("error", String.class);
	}

	/**
	 * Writes an outcome, retried briefly; past that the claim runs out and it is tried
	 * again.
	 */
	private Mono<Void> record(DatabaseClient.GenericExecuteSpec update) {
		return update.fetch().rowsUpdated().retryWhen(RECORD_RETRY).then();
	}

	/** A receipt claimed for one call. */
	private record Claimed(UUID id, String tenantId, String channelId, String wamid, int attempts, Instant readAt) {
	}

}
