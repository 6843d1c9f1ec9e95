package dev.switchboard.messaging.messages.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.switchboard.events.kafka.FailureClassifier;
import dev.switchboard.messaging.channels.Channel;
import dev.switchboard.messaging.channels.ChannelDirectory;
import dev.switchboard.messaging.messages.delivery.MessageProvider.Receipt;
import dev.switchboard.messaging.messages.delivery.SendAttempts.Pending;
import dev.switchboard.messaging.pacing.SendPacer;
import dev.switchboard.messaging.windows.ServiceWindows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Sends one stored message through its channel's provider, never twice for one intent.
 * <p>
 * Before a call one statement claims the message (accepted, no wamid, no provider id, no
 * open call, due); only the claimer calls. After the call exactly one of these is
 * recorded: the wamid (or CBB's id); a failure (permanent error, or the last attempt); a
 * release with the next attempt's time (the provider answered with a transient error or
 * was never reached, so nothing went out); or "send outcome unknown" (no answer: the
 * message may have gone out). An unknown outcome is resolved by the provider's evidence:
 * Meta's statuses carry the message id as {@code biz_opaque_callback_data} (CBB's are
 * matched by recipient; CBB has no lookup of a sent message), so a status resolves it.
 * When none arrives within the reconciliation window the message fails with "send outcome
 * unknown" and is not called again; only where {@code resend-after-silence} is configured
 * is it attempted again after that much silence (at most {@code maxAttempts} in all,
 * within 24 h).
 */
@Component
public class Delivery {

	private static final Logger log = LoggerFactory.getLogger(Delivery.class);

	private final SendAttempts attempts;

	private final ChannelDirectory channels;

	private final MessageProviders providers;

	private final ServiceWindows windows;

	private final SendPacer governor;

	private final ChannelBreakers breakers;

	private final DeliveryOutcomes outcomes;

	private final DeliveryProperties properties;

	private final SendMetrics metrics;

	Delivery(SendAttempts attempts, ChannelDirectory channels, MessageProviders providers, ServiceWindows windows,
			SendPacer governor, ChannelBreakers breakers, DeliveryOutcomes outcomes, DeliveryProperties properties,
			SendMetrics metrics) {
		this.attempts = attempts;
		this.channels = channels;
		this.providers = providers;
		this.windows = windows;
		this.governor = governor;
		this.breakers = breakers;
		this.outcomes = outcomes;
		this.properties = properties;
		this.metrics = metrics;
	}

	/** Sends the message if it still waits for a call and is due. */
	public Mono<Void> deliver(String tenantId, UUID id) {
		// The warning belongs to a missing message only: deliver(Pending) itself
		// completes
		// empty.
		return this.attempts.load(tenantId, id)
			.switchIfEmpty(
					Mono.<Pending>fromRunnable(() -> log.warn("Send of unknown message {} of tenant {}", id, tenantId)))
			.flatMap(this::deliver);
	}

	/**
	 * Fails a stored message that must not be sent (e.g. its template is paused), with
	 * the refusal's code as title; nothing happens to a message a call was made for.
	 */
	public Mono<Void> refuse(String tenantId, UUID id, String code, String details) {
		return this.outcomes.failWithoutOpenCall(tenantId, id, code, details).then();
	}

	private Mono<Void> deliver(Pending message) {
		if (!message.awaitingCall()) {
			return alreadyHandled(message);
		}
		Instant now = Instant.now();
		if (message.nextAttemptAt() != null && message.nextAttemptAt().isAfter(now)) {
			return Mono.empty();
		}
		Optional<Channel> channel = this.channels.find(message.tenantId(), message.channelId());
		Optional<MessageProvider> provider = channel.flatMap((found) -> this.providers.forProvider(found.provider()));
		if (provider.isEmpty()) {
			return this.outcomes.fail(message, null, "Channel not available",
					"Channel " + message.channelId() + " is not configured for sending");
		}
		if (message.createdAt().plus(this.properties.attemptWindow()).isBefore(now)) {
			return this.outcomes.fail(message, null, "Attempt window passed",
					"Not sent within " + this.properties.attemptWindow() + " of its acceptance");
		}
		Mono<Boolean> window = "template".equals(message.type()) ? Mono.just(true)
				: this.windows.isOpen(message.tenantId(), channel.get().phoneNumberId(), message.recipient());
		return window.flatMap((open) -> open ? paced(message, channel.get(), provider.get())
				: this.outcomes.fail(message, null, "OUTSIDE_SERVICE_WINDOW",
						"More than 24 hours have passed since the contact last wrote: send an approved template"));
	}

	/** Waits out pauses, the breaker and the pair rate by postponing, never failing. */
	private Mono<Void> paced(Pending message, Channel channel, MessageProvider provider) {
		return this.governor.pause(channel).flatMap((pause) -> {
			if (!pause.isZero()) {
				return this.attempts.defer(message.tenantId(), message.id(), Instant.now().plus(pause));
			}
			if (!this.breakers.permits(channel)) {
				return this.attempts.defer(message.tenantId(), message.id(),
						Instant.now().plus(this.properties.breakerOpenFor()));
			}
			return this.governor.pairSlot(channel, message.recipient())
				.flatMap((wait) -> wait.isZero() ? claimAndCall(message, channel, provider)
						: this.attempts.defer(message.tenantId(), message.id(), Instant.now().plus(wait)));
		});
	}

	private Mono<Void> claimAndCall(Pending message, Channel channel, MessageProvider provider) {
		// The tier slot is waited for before the claim, so that a claimed call is on its
		// way out: an instance dying between claim and call leaves an unknown outcome
		// (failed, not sent again), and this keeps those few. A slot reserved for a
		// message another worker claimed first is lost, which is rare and harmless.
		OutboundMessage outbound = new OutboundMessage(channel, message.id(), message.recipient(), message.type(),
				message.content(), message.replyTo());
		return this.governor.tierSlot(channel)
			.doOnNext((wait) -> this.metrics.waitedForTier(channel, wait))
			.flatMap((wait) -> wait.isZero() ? Mono.just(0L) : Mono.delay(wait))
			.then(this.attempts.claim(message.tenantId(), message.id()))
			.flatMap((claimed) -> !claimed ? Mono.empty()
					: call(channel, provider, outbound).flatMap((receipt) -> this.outcomes.accepted(message, receipt))
						.onErrorResume((ex) -> failed(message, channel, ex)));
	}

	/** The one place a provider is called. */
	private Mono<Receipt> call(Channel channel, MessageProvider provider, OutboundMessage message) {
		return this.breakers.guard(channel, Mono.defer(() -> provider.send(message)))
			.onErrorMap((ex) -> !(ex instanceof ProviderException) && !ChannelBreakers.isRejectedByBreaker(ex),
					ProviderException::transportFailure)
			.doOnNext((receipt) -> this.metrics.sent(channel))
			.doOnError((ex) -> this.metrics.failed(channel, ex));
	}

	/** Records a failed call (or one the breaker refused), waiting for the database. */
	private Mono<Void> failed(Pending message, Channel channel, Throwable ex) {
		int used = message.attempts() + 1;
		if (ChannelBreakers.isRejectedByBreaker(ex)) {
			return this.outcomes.untilRecorded(message, this.attempts.release(message.tenantId(), message.id(),
					Instant.now().plus(this.properties.breakerOpenFor()), "circuit open", "channel paused", false));
		}
		if (!(ex instanceof ProviderException provider)) {
			return Mono.error(ex);
		}
		Mono<Void> record = switch (provider.outcome()) {
			case UNKNOWN -> this.outcomes.unknown(message, provider);
			case NOT_SENT -> retryOrFail(message, channel, provider, used);
			case REJECTED -> ErrorCatalog.isTransient(provider.code()) ? retryOrFail(message, channel, provider, used)
					: this.outcomes.fail(message, provider.code(), provider.title(), provider.details());
		};
		return this.outcomes.untilRecorded(message, record);
	}

	private Mono<Void> retryOrFail(Pending message, Channel channel, ProviderException ex, int used) {
		if (used >= this.properties.maxAttempts()) {
			return this.outcomes.fail(message, ex.code(), ex.title(),
					((ex.details() != null) ? ex.details() + " " : "") + "(after " + used + " attempts)");
		}
		boolean rateLimited = ErrorCatalog.isRateLimit(ex.code());
		Duration wait = rateLimited ? Duration.ofSeconds((long) Math.pow(4, message.throttled()))
				: this.breakers.backoff(used);
		Mono<Void> pause = (rateLimited && ex.code() == ErrorCatalog.THROUGHPUT) ? this.governor.pauseFor(channel, wait)
				: Mono.empty();
		log.info("Message {}: {} on attempt {}, next in {}", message.id(), ex.getMessage(), used, wait);
		return pause.then(this.attempts.release(message.tenantId(), message.id(), Instant.now().plus(wait),
				"retrying: " + ex.title(), ex.details(), rateLimited));
	}

	/** A redelivered command: never call again, but flag a call whose result got lost. */
	private Mono<Void> alreadyHandled(Pending message) {
		if (message.outcomeMissing()) {
			log.warn("Message {}: its provider call started at {} has no recorded result; not calling again",
					message.id(), message.callStartedAt());
			return this.attempts.flagUnknownOutcome(message.tenantId(), message.id(),
					"The provider call started at " + message.callStartedAt() + " has no recorded result");
		}
		return Mono.empty();
	}

	/**
	 * Decides a call with an unknown outcome that no status named within its window (see
	 * {@link DeliveryProperties#unknownOutcomeWindow}): it fails with "send outcome
	 * unknown", or, only where resending after silence is configured, is taken as not
	 * sent and attempted again.
	 */
	Mono<Void> reconcile(String tenantId, UUID id) {
		return this.attempts.load(tenantId, id).flatMap(this::reconcile);
	}

	/**
	 * {@link #reconcile(String, UUID)} of the message as examined. Whatever is written
	 * applies only while the message still waits for the result of the examined call
	 * (compare-and-set on its start), so a claim that another instance took or renewed in
	 * between is never released or failed.
	 */
	Mono<Void> reconcile(Pending examined) {
		if (examined.callStartedAt() == null || examined.wamid() != null || examined.providerMessageId() != null
				|| !"accepted".equals(examined.status())) {
			return Mono.empty();
		}
		Duration window = this.properties.unknownOutcomeWindow();
		if (examined.callStartedAt().isAfter(Instant.now().minus(window))) {
			return Mono.empty();
		}
		if (!this.properties.resendsAfterSilence()) {
			return this.outcomes
				.failExamined(examined, SendAttempts.UNKNOWN_OUTCOME,
						"No answer to the provider call started at " + examined.callStartedAt()
								+ " and no status naming the message within " + window
								+ ": it may have been sent, so it is not sent again")
				.then();
		}
		if (examined.attempts() >= this.properties.maxAttempts()
				|| examined.createdAt().plus(this.properties.attemptWindow()).isBefore(Instant.now())) {
			return this.outcomes
				.failExamined(examined, SendAttempts.UNKNOWN_OUTCOME,
						"No answer and no status within " + window + " after " + examined.attempts() + " attempts")
				.then();
		}
		return this.attempts
			.releaseExamined(examined.tenantId(), examined.id(), examined.callStartedAt(),
					"retrying after an unanswered call")
			.doOnNext((released) -> {
				if (released) {
					log.warn("Message {}: no status named it within {} of its unanswered call; attempting again",
							examined.id(), window);
				}
			})
			.then();
	}

	/**
	 * Sends a message that was left without any attempt pending. If it cannot be sent for
	 * a reason other than unavailable infrastructure, it fails with that reason rather
	 * than wait for ever.
	 */
	Mono<Void> deliverStranded(String tenantId, UUID id) {
		return deliver(tenantId, id).onErrorResume((ex) -> !FailureClassifier.defaults().isInfrastructure(ex), (ex) -> {
			log.warn("Stranded message {} of tenant {} cannot be sent", id, tenantId, ex);
			return this.outcomes
				.failWithoutOpenCall(tenantId, id, "Send failed",
						"The message could not be sent: " + ex.getClass().getSimpleName())
				.then();
		});
	}

}
