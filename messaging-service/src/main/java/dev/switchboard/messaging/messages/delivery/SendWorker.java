package dev.switchboard.messaging.messages.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.kafka.ConsumedEvent;
import dev.switchboard.events.kafka.EventHandler;
import dev.switchboard.events.messaging.SendMessageCommand;
import dev.switchboard.messaging.channels.Channel;
import dev.switchboard.messaging.channels.ChannelDirectory;
import dev.switchboard.messaging.messages.status.StatusError;
import dev.switchboard.messaging.messages.status.StatusFolder;
import dev.switchboard.messaging.messages.status.StatusUpdate;
import dev.switchboard.messaging.messages.status.TrackedMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Sends requested messages through their channel's provider, at most once per message.
 * <p>
 * The guarantee: before calling the provider the worker marks the call as started, in a
 * statement that succeeds only for a message that is still {@code accepted}, has no wamid
 * and no started call. So the provider is called at most once per message, whatever the
 * redeliveries, rebalances or concurrent workers. When a call's result cannot be recorded
 * (a crash between the call and the record, a timeout after the request left) the message
 * is never called again: it stays {@code accepted} with the note "send outcome unknown"
 * for reconciliation. WhatsApp has no idempotency key, so a second call could reach the
 * customer twice. The one exception is a call that provably never reached the provider
 * (the connection did not open): its claim is given back and the command is retried.
 */
@Component
class SendWorker implements EventHandler<SendMessageCommand> {

	static final String CONSUMER_GROUP = "messaging-service.sender";

	private static final Logger log = LoggerFactory.getLogger(SendWorker.class);

	/** Safety net above the adapters' own timeouts: past it the outcome is unknown. */
	private static final Duration CALL_CEILING = Duration.ofMinutes(1);

	private final SendAttempts attempts;

	private final ChannelDirectory channels;

	private final MessageProviders providers;

	private final TrackedMessages messages;

	private final StatusFolder folder;

	private final TransactionalOperator transactions;

	SendWorker(SendAttempts attempts, ChannelDirectory channels, MessageProviders providers, TrackedMessages messages,
			StatusFolder folder, TransactionalOperator transactions) {
		this.attempts = attempts;
		this.channels = channels;
		this.providers = providers;
		this.messages = messages;
		this.folder = folder;
		this.transactions = transactions;
	}

	@Override
	public Mono<Void> handle(ConsumedEvent<SendMessageCommand> consumed) {
		EventEnvelope<SendMessageCommand> event = consumed.event();
		SendMessageCommand command = event.data();
		String tenantId = event.tenantId();
		UUID id;
		try {
			id = UUID.fromString(command.messageId());
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			log.warn("Ignoring send command {} with message id '{}'", event.id(), command.messageId());
			return Mono.empty();
		}
		return this.attempts.claim(tenantId, id)
			.flatMap((claimed) -> claimed ? send(tenantId, id, command) : alreadyHandled(tenantId, id));
	}

	private Mono<Void> send(String tenantId, UUID id, SendMessageCommand command) {
		Optional<Channel> channel = this.channels.find(tenantId, command.channelId());
		Optional<MessageProvider> provider = channel.flatMap((found) -> this.providers.forProvider(found.provider()));
		if (provider.isEmpty()) {
			return fail(tenantId, id, ProviderException.rejected(null, "Channel not available",
					"Channel " + command.channelId() + " is not configured for sending"));
		}
		OutboundText text = new OutboundText(channel.get(), command.to(), command.text());
		return call(provider.get(), text).flatMap((wamid) -> recordWamid(tenantId, id, wamid))
			.onErrorResume(ProviderException.class, (ex) -> switch (ex.outcome()) {
				case REJECTED -> fail(tenantId, id, ex);
				case NOT_SENT -> this.attempts.release(tenantId, id, ex.details()).then(Mono.error(ex));
				case UNKNOWN -> flagUnknown(tenantId, id, ex);
			});
	}

	/**
	 * The one place a provider is called; retries, rate limits and circuit breakers
	 * belong around this call.
	 */
	private Mono<String> call(MessageProvider provider, OutboundText text) {
		return provider.sendText(text)
			.timeout(CALL_CEILING)
			.onErrorMap((ex) -> !(ex instanceof ProviderException), ProviderException::transportFailure);
	}

	private Mono<Void> recordWamid(String tenantId, UUID id, String wamid) {
		Mono<Void> record = this.messages.lockWamid(tenantId, wamid)
			.then(this.attempts.recordWamid(tenantId, id, wamid))
			.filter(Boolean::booleanValue)
			.flatMap((recorded) -> this.messages.lockById(tenantId, id))
			.flatMap(this.folder::applyHeld)
			.then();
		return this.transactions.transactional(record)
			.retryWhen(Retry.backoff(5, Duration.ofMillis(200)))
			.doOnSuccess((ignored) -> log.info("Message {} accepted by the provider as {}", id, wamid))
			.doOnError(
					(ex) -> log.error("Message {} was sent as {} but the wamid could not be recorded", id, wamid, ex));
	}

	private Mono<Void> fail(String tenantId, UUID id, ProviderException ex) {
		log.info("Message {} failed at the provider: {}", id, ex.getMessage());
		StatusUpdate failed = StatusUpdate.failed(Instant.now(), new StatusError(ex.code(), ex.title(), ex.details()));
		Mono<Void> record = this.messages.lockById(tenantId, id)
			.flatMap((message) -> this.folder.apply(message, failed))
			.then();
		return this.transactions.transactional(record);
	}

	private Mono<Void> flagUnknown(String tenantId, UUID id, ProviderException ex) {
		log.warn("Message {}: {}; it stays accepted for reconciliation and is not sent again", id, ex.getMessage());
		return this.attempts.flagUnknownOutcome(tenantId, id,
				ex.title() + ((ex.details() != null) ? ": " + ex.details() : ""));
	}

	/** A redelivered command: never call again, but flag a call whose result got lost. */
	private Mono<Void> alreadyHandled(String tenantId, UUID id) {
		return this.attempts.attempt(tenantId, id).flatMap((attempt) -> {
			if (attempt.outcomeMissing()) {
				log.warn("Message {}: its provider call started at {} has no recorded result; not calling again", id,
						attempt.callStartedAt());
				return this.attempts.flagUnknownOutcome(tenantId, id,
						"The provider call started at " + attempt.callStartedAt() + " has no recorded result");
			}
			log.debug("Message {} needs no send (status {}, wamid {})", id, attempt.status(), attempt.wamid());
			return Mono.<Void>empty();
		})
			.switchIfEmpty(Mono
				.fromRunnable(() -> log.warn("Send command for unknown message {} of tenant {}", id, tenantId)));
	}

}
