package dev.switchboard.simulators;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Plays the life of an accepted message as status webhooks: {@code sent},
 * {@code delivered}, {@code read} one after the other (each delay counts from the send),
 * or a single {@code failed}.
 */
final class StatusScheduler implements AutoCloseable {

	private final WebhookSender sender;

	private final MetaWebhooks webhooks;

	private final Duration sentDelay;

	private final Duration deliveredDelay;

	private final Duration readDelay;

	/** Messages whose status webhooks are not all delivered (or dropped) yet. */
	private final AtomicInteger pending = new AtomicInteger();

	/** Emits on close, which cancels every pending status. */
	private final Sinks.One<Boolean> closed = Sinks.one();

	StatusScheduler(WebhookSender sender, MetaWebhooks webhooks, SimulatorOptions options) {
		this.sender = sender;
		this.webhooks = webhooks;
		this.sentDelay = options.sentDelay();
		this.deliveredDelay = options.deliveredDelay();
		this.readDelay = options.readDelay();
	}

	/**
	 * Reports sent, delivered and read; each waits for the previous one to be delivered.
	 */
	void scheduleDelivery(OutboundMessage message) {
		String conversationId = Ids.hex32();
		Duration toDelivered = nonNegative(this.deliveredDelay.minus(this.sentDelay));
		Duration toRead = nonNegative(this.readDelay
			.minus(this.deliveredDelay.compareTo(this.sentDelay) > 0 ? this.deliveredDelay : this.sentDelay));
		run(Flux.concat(later(this.sentDelay, message, "sent", conversationId, 0),
				later(toDelivered, message, "delivered", conversationId, 0),
				later(toRead, message, "read", conversationId, 0)));
	}

	/**
	 * Reports a single {@code failed} status with the error code after the sent delay.
	 */
	void scheduleFailure(OutboundMessage message, int errorCode) {
		run(Flux.concat(later(this.sentDelay, message, "failed", null, errorCode)));
	}

	/** A status event built now, for manual posting. */
	MetaWebhooks.StatusEvent event(OutboundMessage message, String status, int errorCode) {
		return new MetaWebhooks.StatusEvent(message.phoneNumberId(), message.wamid(), message.recipientId(), status,
				message.bizOpaqueCallbackData(), Ids.hex32(), errorCode, Instant.now());
	}

	private Mono<Void> later(Duration delay, OutboundMessage message, String status, String conversationId,
			int errorCode) {
		return Mono.delay(delay)
			.then(Mono.defer(() -> this.sender.deliver(message.phoneNumberId(),
					this.webhooks.status(new MetaWebhooks.StatusEvent(message.phoneNumberId(), message.wamid(),
							message.recipientId(), status, message.bizOpaqueCallbackData(), conversationId, errorCode,
							Instant.now())))));
	}

	private void run(Flux<Void> statuses) {
		this.pending.incrementAndGet();
		statuses.takeUntilOther(this.closed.asMono()).doFinally((signal) -> this.pending.decrementAndGet()).subscribe();
	}

	int pending() {
		return this.pending.get();
	}

	@Override
	public void close() {
		this.closed.tryEmitValue(Boolean.TRUE);
	}

	private static Duration nonNegative(Duration duration) {
		return duration.isNegative() ? Duration.ZERO : duration;
	}

}
