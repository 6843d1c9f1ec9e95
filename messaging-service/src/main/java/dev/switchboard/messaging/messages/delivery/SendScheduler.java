package dev.switchboard.messaging.messages.delivery;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
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
 */
@Component
class SendScheduler implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SendScheduler.class);

	private static final int BATCH = 200;

	private final SendAttempts attempts;

	private final Delivery delivery;

	private final DeliveryProperties properties;

	private volatile Disposable running;

	SendScheduler(SendAttempts attempts, Delivery delivery, DeliveryProperties properties) {
		this.attempts = attempts;
		this.delivery = delivery;
		this.properties = properties;
	}

	@Override
	public void start() {
		this.running = Flux.interval(this.properties.schedulerInterval())
			.onBackpressureDrop()
			.concatMap((tick) -> round().onErrorResume((ex) -> {
				log.warn("Send scheduler round failed: {}", ex.toString());
				return Mono.empty();
			}), 1)
			.subscribe();
	}

	Mono<Void> round() {
		Mono<Void> stranded = this.attempts.adoptStranded(Instant.now().minus(this.properties.strandedAfter()), BATCH)
			.flatMap((key) -> {
				log.warn("Message {} of tenant {} had no send pending for {}: sending it now", key.id(), key.tenantId(),
						this.properties.strandedAfter());
				return this.delivery.deliverStranded(key.tenantId(), key.id())
					.onErrorResume((ex) -> logged(key.id().toString(), ex));
			}, 8)
			.then();
		Mono<Void> due = this.attempts.due(BATCH)
			.flatMap((key) -> this.delivery.deliver(key.tenantId(), key.id())
				.onErrorResume((ex) -> logged(key.id().toString(), ex)), 8)
			.then();
		Mono<Void> unresolved = this.attempts
			.unresolved(Instant.now().minus(this.properties.unknownOutcomeWindow()), BATCH)
			.concatMap((key) -> this.delivery.reconcile(key.tenantId(), key.id())
				.onErrorResume((ex) -> logged(key.id().toString(), ex)))
			.then();
		return stranded.then(due).then(unresolved);
	}

	private static Mono<Void> logged(String id, Throwable ex) {
		log.warn("Scheduled send of message {} failed: {}", id, ex.toString());
		return Mono.empty();
	}

	@Override
	public void stop() {
		Disposable scheduler = this.running;
		if (scheduler != null) {
			scheduler.dispose();
		}
		this.running = null;
	}

	@Override
	public boolean isRunning() {
		return this.running != null;
	}

}
