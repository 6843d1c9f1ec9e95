package dev.switchboard.messaging.messages.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.switchboard.events.kafka.PeriodicSweep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends postponed messages when they are due (retries, pair-rate and pause delays),
 * decides unanswered calls after their window, and sweeps up stranded messages: accepted
 * ones with no attempt pending for {@code stranded-after} (their send command was
 * dead-lettered, or lost with an instance), which it sends or fails with the reason.
 * Every instance runs it; one statement takes each stranded message on for one instance,
 * and the claim statement lets exactly one of them call the provider.
 * <p>
 * While PostgreSQL is unavailable no status can name a message and no outcome can be
 * recorded: the statuses wait in their consumer, outcomes in memory. A call must not
 * count as unanswered for that time, or it would be decided (failed, or sent again)
 * although it went out. So after a round failed, or the database took longer than
 * {@link #SLOW_ANSWER} to answer, no unanswered call is decided for another window. An
 * outage is logged once when rounds start failing and once when they succeed again.
 */
@Component
class SendScheduler implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SendScheduler.class);

	private static final int BATCH = 200;

	/** A database slower than this to list due messages counts as unavailable. */
	static final Duration SLOW_ANSWER = Duration.ofSeconds(5);

	private final SendAttempts attempts;

	private final Delivery delivery;

	private final DeliveryProperties properties;

	private final PeriodicSweep sweeps;

	/** Unanswered calls are not decided before this instant. */
	private volatile Instant decideFrom = Instant.MIN;

	SendScheduler(SendAttempts attempts, Delivery delivery, DeliveryProperties properties) {
		this.attempts = attempts;
		this.delivery = delivery;
		this.properties = properties;
		this.sweeps = new PeriodicSweep(log, "Send scheduler", properties.schedulerInterval(), this::round);
	}

	@Override
	public void start() {
		this.sweeps.start();
	}

	Mono<Void> round() {
		Mono<Void> stranded = listed(
				this.attempts.adoptStranded(Instant.now().minus(this.properties.strandedAfter()), BATCH))
			.flatMapMany(Flux::fromIterable)
			.flatMap((key) -> {
				log.warn("Message {} of tenant {} had no send pending for {}: sending it now", key.id(), key.tenantId(),
						this.properties.strandedAfter());
				return this.delivery.deliverStranded(key.tenantId(), key.id())
					.onErrorResume((ex) -> logged(key.id().toString(), ex));
			}, 8)
			.then();
		Mono<Void> due = listed(this.attempts.due(BATCH)).flatMapMany(Flux::fromIterable)
			.flatMap((key) -> this.delivery.deliver(key.tenantId(), key.id())
				.onErrorResume((ex) -> logged(key.id().toString(), ex)), 8)
			.then();
		Mono<Void> unresolved = Mono.defer(() -> deciding()
				? listed(this.attempts.unresolved(Instant.now().minus(this.properties.unknownOutcomeWindow()), BATCH))
					// Listed while the database hung: not now, the statuses come first.
					.flatMapMany((keys) -> deciding() ? Flux.fromIterable(keys) : Flux.empty())
					.concatMap((key) -> this.delivery.reconcile(key.tenantId(), key.id())
						.onErrorResume((ex) -> logged(key.id().toString(), ex)))
					.then()
				: Mono.empty());
		return stranded.then(due).then(unresolved).doOnError((ex) -> holdDecisions(ex.toString()));
	}

	/** What a query lists; an answer slower than {@link #SLOW_ANSWER} holds decisions. */
	private <T> Mono<List<T>> listed(Flux<T> query) {
		return query.collectList().elapsed().map((listed) -> {
			if (listed.getT1() > SLOW_ANSWER.toMillis()) {
				holdDecisions("the database took " + listed.getT1() + " ms to answer");
			}
			return listed.getT2();
		});
	}

	private boolean deciding() {
		return !Instant.now().isBefore(this.decideFrom);
	}

	/** Gives statuses and outcomes held back by an outage a window of their own. */
	private void holdDecisions(String reason) {
		Instant from = Instant.now().plus(this.properties.unknownOutcomeWindow());
		if (deciding()) {
			log.info("Unanswered calls are decided again from {} on: {}", from, reason);
		}
		this.decideFrom = from;
	}

	private static Mono<Void> logged(String id, Throwable ex) {
		log.warn("Scheduled send of message {} failed: {}", id, ex.toString());
		return Mono.empty();
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

}
