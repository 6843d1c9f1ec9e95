package dev.switchboard.messaging.messages.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.switchboard.events.kafka.FailureClassifier;
import dev.switchboard.messaging.messages.delivery.MessageProvider.Receipt;
import dev.switchboard.messaging.messages.delivery.SendAttempts.Pending;
import dev.switchboard.messaging.messages.status.StatusCorrelation;
import dev.switchboard.messaging.messages.status.StatusRecorder;
import dev.switchboard.messaging.messages.status.fold.StatusError;
import dev.switchboard.messaging.messages.status.fold.StatusUpdate;
import dev.switchboard.messaging.messages.status.store.TrackedMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Records what came of a provider call, each in its own transaction.
 * <p>
 * Once the provider was called, only memory knows what came of it (the wamid above all)
 * until it is recorded, and a redelivered command that finds the call without a record
 * never calls again: the message then waits for a status to name it, or is failed as
 * "send outcome unknown". So a record that fails because PostgreSQL is unavailable is
 * tried again in place, with capped backoff, until PostgreSQL answers (the consumer's
 * handler timeout bounds it); any other failure is tried again a few times.
 */
@Component
class DeliveryOutcomes {

	private static final Logger log = LoggerFactory.getLogger(DeliveryOutcomes.class);

	private static final FailureClassifier FAILURES = FailureClassifier.defaults();

	private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

	/** The longest a recorded outcome lags behind PostgreSQL's recovery. */
	private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

	private static final int OTHER_FAILURE_RETRIES = 5;

	private final SendAttempts attempts;

	private final TrackedMessages messages;

	private final StatusRecorder recorder;

	private final StatusCorrelation correlation;

	private final TransactionalOperator transactions;

	DeliveryOutcomes(SendAttempts attempts, TrackedMessages messages, StatusRecorder recorder,
			StatusCorrelation correlation, TransactionalOperator transactions) {
		this.attempts = attempts;
		this.messages = messages;
		this.recorder = recorder;
		this.correlation = correlation;
		this.transactions = transactions;
	}

	/**
	 * The provider took the message: record its wamid (or CBB's id) and held statuses.
	 */
	Mono<Void> accepted(Pending message, Receipt receipt) {
		Mono<Void> record;
		if (receipt.wamid() != null) {
			record = this.messages.lockWamid(message.tenantId(), receipt.wamid())
				.then(this.attempts.recordWamid(message.tenantId(), message.id(), receipt.wamid()))
				.filter(Boolean::booleanValue)
				.flatMap((recorded) -> this.messages.lockById(message.tenantId(), message.id()))
				.flatMap(this.recorder::applyHeld)
				.then();
		}
		else {
			// Wamid lock first, then the message's row: the status fold's order.
			Mono<Void> recordId = this.attempts.recordProviderId(message.tenantId(), message.id(),
					receipt.providerMessageId());
			record = this.correlation.lockHeldForRecipient(message.tenantId(), message.id())
				.flatMap((held) -> recordId
					.then(held.map((wamid) -> this.correlation.linkHeld(message.tenantId(), message.id(), wamid))
						.orElseGet(Mono::empty)));
		}
		return untilRecorded(message, this.transactions.transactional(record))
			.doOnError((ex) -> log.error("Message {} was taken by the provider ({}) but that could not be recorded",
					message.id(), receipt, ex));
	}

	/** Fails the message with the provider's (or the platform's) reason. */
	Mono<Void> fail(Pending message, Integer code, String title, String details) {
		return this.transactions.transactional(failLocked(message, code, title, details)).then();
	}

	/**
	 * Fails a message whose call has no known outcome, only if it still waits for the
	 * result of the call that was examined: a status that resolved it meanwhile, or a
	 * newer claim, wins.
	 * @return true when it failed
	 */
	Mono<Boolean> failExamined(Pending examined, String title, String details) {
		Mono<Boolean> record = this.attempts
			.lockExaminedClaim(examined.tenantId(), examined.id(), examined.callStartedAt())
			.filter(Boolean::booleanValue)
			.flatMap((locked) -> failLocked(examined, null, title, details))
			.defaultIfEmpty(false);
		return this.transactions.transactional(record);
	}

	/**
	 * Fails a message no provider call is open for (none was ever, or the last one was
	 * released): a message that cannot be sent.
	 * @return true when it failed
	 */
	Mono<Boolean> failWithoutOpenCall(String tenantId, UUID id, String title, String details) {
		Mono<Boolean> record = this.attempts.lockWithoutOpenCall(tenantId, id)
			.filter(Boolean::booleanValue)
			.flatMap((locked) -> this.messages.lockById(tenantId, id))
			.flatMap((locked) -> {
				log.info("Message {} failed: {}", id, title);
				return this.recorder.apply(locked,
						StatusUpdate.failed(Instant.now(), new StatusError(null, title, details)));
			})
			.thenReturn(true)
			.defaultIfEmpty(false);
		return this.transactions.transactional(record);
	}

	private Mono<Boolean> failLocked(Pending message, Integer code, String title, String details) {
		log.info("Message {} failed: {} {}", message.id(), (code != null) ? "#" + code : "", title);
		StatusUpdate failed = StatusUpdate.failed(Instant.now(), new StatusError(code, title, details));
		return this.messages.lockById(message.tenantId(), message.id())
			.flatMap((locked) -> this.recorder.apply(locked, failed))
			.thenReturn(true);
	}

	/**
	 * Runs the record of a provider call's outcome until it succeeds, waiting for
	 * PostgreSQL as long as it is unavailable.
	 * @param message the message called for
	 * @param record the record, subscribed again for each attempt
	 * @return completes once recorded; fails when a failure other than unavailable
	 * infrastructure persists
	 */
	Mono<Void> untilRecorded(Pending message, Mono<Void> record) {
		return Mono.defer(() -> {
			AtomicBoolean waited = new AtomicBoolean();
			return record
				.retryWhen(Retry.backoff(OTHER_FAILURE_RETRIES, FIRST_BACKOFF)
					.filter((ex) -> !FAILURES.isInfrastructure(ex)))
				.retryWhen(Retry.backoff(Long.MAX_VALUE, FIRST_BACKOFF)
					.maxBackoff(MAX_BACKOFF)
					.jitter(0.5)
					.filter(FAILURES::isInfrastructure)
					.doBeforeRetry((signal) -> {
						if (waited.compareAndSet(false, true)) {
							log.warn("Message {}: what came of its provider call waits for the database ({})",
									message.id(), signal.failure().toString());
						}
					}))
				.doOnSuccess((done) -> {
					if (waited.get()) {
						log.info("Message {}: what came of its provider call is recorded", message.id());
					}
				});
		});
	}

	/** No answer: the message may have gone out; it waits for a status naming it. */
	Mono<Void> unknown(Pending message, ProviderException ex) {
		log.warn("Message {}: {}; waiting for a status naming it before any new attempt", message.id(),
				ex.getMessage());
		return this.attempts.flagUnknownOutcome(message.tenantId(), message.id(),
				ex.title() + ((ex.details() != null) ? ": " + ex.details() : ""));
	}

}
