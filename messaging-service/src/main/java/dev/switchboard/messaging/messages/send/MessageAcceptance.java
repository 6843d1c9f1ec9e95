package dev.switchboard.messaging.messages.send;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.messaging.SendMessageCommand;
import dev.switchboard.messaging.Ids;
import dev.switchboard.messaging.channels.Channel;
import dev.switchboard.messaging.channels.ChannelDirectory;
import dev.switchboard.messaging.messages.delivery.MessageProviders;
import dev.switchboard.messaging.messages.send.AcceptedMessages.NewMessage;
import dev.switchboard.messaging.messages.send.SendRequests.ValidSend;
import dev.switchboard.messaging.outbox.Outbox;
import dev.switchboard.messaging.web.ApiProblem;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Accepts a message: stores it as {@code accepted} and, in the same transaction, asks for
 * its sending through the outbox. A repeated idempotency key returns the first message
 * and stores nothing.
 */
@Component
class MessageAcceptance {

	private final ChannelDirectory channels;

	private final MessageProviders providers;

	private final AcceptedMessages messages;

	private final Outbox outbox;

	private final TransactionalOperator transactions;

	MessageAcceptance(ChannelDirectory channels, MessageProviders providers, AcceptedMessages messages, Outbox outbox,
			TransactionalOperator transactions) {
		this.channels = channels;
		this.providers = providers;
		this.messages = messages;
		this.outbox = outbox;
		this.transactions = transactions;
		PhoneNumbers.preload();
	}

	/**
	 * Accepts the message; emits the id of the new (or the earlier, same-key) message.
	 */
	Mono<UUID> accept(String tenantId, ValidSend send, String correlationId) {
		Channel channel = this.channels.find(tenantId, send.channelId())
			.orElseThrow(() -> new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "UNKNOWN_CHANNEL",
					(send.channelId() != null) ? "The tenant has no channel '" + send.channelId() + "'"
							: "The tenant has no channel to send through"));
		if (!this.providers.supports(channel.provider())) {
			throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "CHANNEL_NOT_SUPPORTED",
					"Channel '" + channel.channelId() + "' uses a provider this service cannot send through yet");
		}
		NewMessage message = new NewMessage(Ids.random(), tenantId, channel.channelId(), send.to(), send.text(),
				send.idempotencyKey(), Instant.now());
		Mono<Optional<UUID>> stored = this.messages.insert(message)
			.flatMap((inserted) -> inserted ? this.outbox
				.append(sendRequested(message, channel, correlationId), tenantId + ":" + channel.channelId())
				.thenReturn(Optional.of(message.id())) : Mono.just(Optional.empty()));
		return this.transactions.transactional(stored)
			.flatMap((id) -> id.map(Mono::just).orElseGet(() -> earlier(message)));
	}

	/**
	 * The message first sent with the same idempotency key, if the request matches it.
	 */
	private Mono<UUID> earlier(NewMessage repeat) {
		return this.messages.findByIdempotencyKey(repeat.tenantId(), repeat.idempotencyKey())
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("Idempotency key conflict without a message")))
			.map((first) -> {
				boolean same = first.channelId().equals(repeat.channelId())
						&& first.recipient().equals(repeat.recipient()) && Objects.equals(first.text(), repeat.text());
				if (!same) {
					throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "IDEMPOTENCY_KEY_REUSED",
							"The Idempotency-Key was already used for a different message");
				}
				return first.id();
			});
	}

	private static EventEnvelope<SendMessageCommand> sendRequested(NewMessage message, Channel channel,
			String correlationId) {
		SendMessageCommand command = new SendMessageCommand(message.id().toString(), channel.channelId(),
				channel.phoneNumberId(), message.recipient(), "text", message.text(), message.idempotencyKey());
		return new EventEnvelope<>(Ids.random().toString(), EventType.MESSAGE_SEND_REQUESTED_V1, Outbox.SOURCE,
				message.acceptedAt(), message.id().toString(), message.tenantId(), correlationId, null, command);
	}

}
