package dev.switchboard.messaging.messages.send;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.messaging.SendMessageCommand;
import dev.switchboard.events.outbox.Outbox;
import dev.switchboard.events.web.problem.ApiProblem;
import dev.switchboard.messaging.Ids;
import dev.switchboard.messaging.channels.Channel;
import dev.switchboard.messaging.channels.ChannelDirectory;
import dev.switchboard.messaging.messages.delivery.MessageProviders;
import dev.switchboard.messaging.messages.send.AcceptedMessages.NewMessage;
import dev.switchboard.messaging.messages.send.SendRequests.ValidSend;
import dev.switchboard.messaging.windows.ServiceWindows;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Accepts a message: stores it as {@code accepted} and, in the same transaction, asks for
 * its sending through the outbox. A repeated idempotency key (within 24 h) returns the
 * first message and stores nothing.
 */
@Component
public class MessageAcceptance {

	/** How long an Idempotency-Key names its first message. */
	static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);

	private final ChannelDirectory channels;

	private final MessageProviders providers;

	private final AcceptedMessages messages;

	private final Outbox outbox;

	private final ServiceWindows windows;

	private final TransactionalOperator transactions;

	MessageAcceptance(ChannelDirectory channels, MessageProviders providers, AcceptedMessages messages, Outbox outbox,
			ServiceWindows windows, TransactionalOperator transactions) {
		this.channels = channels;
		this.providers = providers;
		this.messages = messages;
		this.outbox = outbox;
		this.windows = windows;
		this.transactions = transactions;
		PhoneNumbers.preload();
	}

	/**
	 * Accepts the message; emits the new (or the earlier, same-key) message.
	 * @throws ApiProblem (as the error signal) for an unknown channel, a closed
	 * customer-service window or a reused key
	 */
	Mono<Accepted> accept(String tenantId, ValidSend send, String correlationId) {
		Channel channel = this.channels.find(tenantId, send.channelId())
			.orElseThrow(() -> new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "UNKNOWN_CHANNEL",
					(send.channelId() != null) ? "The tenant has no channel '" + send.channelId() + "'"
							: "The tenant has no channel to send through"));
		if (!this.providers.supports(channel.provider())) {
			throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "CHANNEL_NOT_SUPPORTED",
					"Channel '" + channel.channelId() + "' uses a provider this service cannot send through yet");
		}
		String hash = RequestFingerprint.of(channel.channelId(), send.to(), send.type(), send.content(),
				send.replyTo());
		NewMessage message = new NewMessage(Ids.random(), tenantId, channel.channelId(), channel.provider().name(),
				send.to(), send.type(), send.text(), send.content(), send.replyTo(), send.idempotencyKey(), hash,
				correlationId, null, Instant.now());
		Mono<Boolean> window = send.needsServiceWindow()
				? this.windows.isOpen(tenantId, channel.phoneNumberId(), send.to()) : Mono.just(true);
		return window.flatMap((open) -> {
			if (!open) {
				return (send.idempotencyKey() != null) ? repeatOrRefuse(message) : Mono.error(outsideWindow());
			}
			return store(message, channel)
				.flatMap((id) -> id.map((stored) -> Mono.just(new Accepted(stored, "accepted", false)))
					.orElseGet(() -> earlier(message)));
		});
	}

	/**
	 * A message another service asked for on {@code messaging.commands.v1}: stored unless
	 * the tenant has it already (same id, or same idempotency key). Its send command is
	 * the one being handled, so none is appended.
	 * @return the message's id
	 */
	public Mono<UUID> acceptCommand(EventEnvelope<SendMessageCommand> event, UUID id, String clientMessageId,
			Channel channel) {
		SendMessageCommand command = event.data();
		String to = PhoneNumbers.toE164(command.to().startsWith("+") ? command.to() : "+" + command.to())
			.orElse(command.to());
		String hash = RequestFingerprint.of(channel.channelId(), to, command.type(), command.content(),
				command.replyTo());
		NewMessage message = new NewMessage(id, event.tenantId(), channel.channelId(), channel.provider().name(), to,
				command.type(), command.text(), ContentOfCommand.content(command), command.replyTo(),
				command.idempotencyKey(), hash, event.correlationId(), clientMessageId, event.time());
		return this.messages.insert(message).flatMap((inserted) -> {
			if (inserted || command.idempotencyKey() == null) {
				return Mono.just(id);
			}
			return this.messages.exists(event.tenantId(), id)
				.flatMap((exists) -> exists ? Mono.just(id)
						: this.messages.findByIdempotencyKey(event.tenantId(), command.idempotencyKey())
							.map(AcceptedMessages.Earlier::id)
							.defaultIfEmpty(id));
		});
	}

	private Mono<Optional<UUID>> store(NewMessage message, Channel channel) {
		Mono<Optional<UUID>> stored = this.messages.insert(message)
			.flatMap((inserted) -> inserted ? this.outbox
				.append(sendRequested(message, channel), message.tenantId() + ":" + channel.channelId())
				.thenReturn(Optional.of(message.id())) : Mono.just(Optional.empty()));
		return this.transactions.transactional(stored);
	}

	/** A repeat is answered with the first message even once the window has closed. */
	private Mono<Accepted> repeatOrRefuse(NewMessage message) {
		return this.messages.findByIdempotencyKey(message.tenantId(), message.idempotencyKey())
			.filter((first) -> first.requestHash() == null || first.requestHash().equals(message.requestHash()))
			.map((first) -> new Accepted(first.id(), first.status(), true))
			.switchIfEmpty(Mono.error(MessageAcceptance::outsideWindow));
	}

	/**
	 * The message first sent with the same idempotency key, if the request matches it.
	 */
	private Mono<Accepted> earlier(NewMessage repeat) {
		return this.messages.findByIdempotencyKey(repeat.tenantId(), repeat.idempotencyKey())
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("Idempotency key conflict without a message")))
			.map((first) -> {
				if (first.requestHash() != null && !first.requestHash().equals(repeat.requestHash())) {
					throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "IDEMPOTENCY_KEY_REUSED",
							"The Idempotency-Key was already used for a different message");
				}
				return new Accepted(first.id(), first.status(), true);
			});
	}

	private static ApiProblem outsideWindow() {
		return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "OUTSIDE_SERVICE_WINDOW",
				"More than 24 hours have passed since the contact last wrote: only a template can reach them now");
	}

	private EventEnvelope<SendMessageCommand> sendRequested(NewMessage message, Channel channel) {
		SendMessageCommand command = new SendMessageCommand(message.id().toString(), channel.channelId(),
				channel.phoneNumberId(), message.recipient(), message.type(), message.text(), message.idempotencyKey(),
				message.content(), message.replyTo());
		return new EventEnvelope<>(Ids.random().toString(), EventType.MESSAGE_SEND_REQUESTED_V1, this.outbox.source(),
				message.acceptedAt(), message.id().toString(), message.tenantId(), message.correlationId(), null,
				command);
	}

	/**
	 * The outcome of a send request.
	 *
	 * @param id the message id
	 * @param status its status ({@code accepted} for a new one)
	 * @param repeat whether an earlier message with the same key was returned
	 */
	record Accepted(UUID id, String status, boolean repeat) {
	}

}
