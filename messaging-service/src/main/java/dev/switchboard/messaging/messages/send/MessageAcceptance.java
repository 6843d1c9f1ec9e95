package dev.switchboard.messaging.messages.send;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.Uuids;
import dev.switchboard.events.messaging.SendMessageCommand;
import dev.switchboard.events.outbox.Outbox;
import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.messaging.channels.Channel;
import dev.switchboard.messaging.channels.ChannelDirectory;
import dev.switchboard.messaging.messages.delivery.MessageProviders;
import dev.switchboard.messaging.messages.send.AcceptedMessages.NewMessage;
import dev.switchboard.messaging.messages.send.SendRequests.ValidSend;
import dev.switchboard.messaging.templates.TemplateCheck;
import dev.switchboard.messaging.templates.TemplateDecision;
import dev.switchboard.messaging.tracing.TraceIds;
import dev.switchboard.messaging.windows.ServiceWindows;
import reactor.core.publisher.Flux;
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

	/** Items of a batch whose service window is looked up at once. */
	private static final int BATCH_CONCURRENCY = 16;

	/** How long an Idempotency-Key names its first message. */
	static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);

	private final ChannelDirectory channels;

	private final MessageProviders providers;

	private final AcceptedMessages messages;

	private final Outbox outbox;

	private final ServiceWindows windows;

	private final TransactionalOperator transactions;

	private final TemplateCheck templates;

	MessageAcceptance(ChannelDirectory channels, MessageProviders providers, AcceptedMessages messages, Outbox outbox,
			ServiceWindows windows, TransactionalOperator transactions, TemplateCheck templates) {
		this.channels = channels;
		this.providers = providers;
		this.messages = messages;
		this.outbox = outbox;
		this.windows = windows;
		this.transactions = transactions;
		this.templates = templates;
		PhoneNumbers.preload();
	}

	/**
	 * Accepts the message; emits the new (or the earlier, same-key) message.
	 * @throws ApiProblem (as the error signal) for an unknown channel, a closed
	 * customer-service window or a reused key
	 */
	Mono<Accepted> accept(String tenantId, ValidSend send, String correlationId) {
		return Mono.deferContextual(
				(context) -> Mono.fromCallable(() -> prepare(tenantId, send, correlationId, TraceIds.current(context))))
			.flatMap((prepared) -> checkTemplate(tenantId, prepared).flatMap(
					(decision) -> decision.sendable() ? acceptPrepared(tenantId, withTemplate(prepared, decision), send)
							: repeatOrRefuse(prepared.message(), decision.problem())));
	}

	/**
	 * A template send checked against the tenant's templates (before the window, which
	 * templates pass anyway); other types pass.
	 */
	private Mono<TemplateDecision> checkTemplate(String tenantId, Prepared prepared) {
		if (!"template".equals(prepared.message().type())) {
			return Mono.just(TemplateDecision.send(null));
		}
		return this.templates.check(tenantId, prepared.channel().templateFallbacks(), prepared.message().content());
	}

	private static Prepared withTemplate(Prepared prepared, TemplateDecision decision) {
		return (decision.fallbackFor() == null) ? prepared
				: new Prepared(prepared.message().withContent(decision.template()), prepared.channel());
	}

	private Mono<Accepted> acceptPrepared(String tenantId, Prepared prepared, ValidSend send) {
		return windowOpen(tenantId, prepared, send).flatMap((open) -> {
			if (!open) {
				return repeatOrRefuse(prepared.message(), outsideWindow());
			}
			return store(prepared)
				.flatMap((id) -> id.map((stored) -> Mono.just(new Accepted(stored, "accepted", false)))
					.orElseGet(() -> earlier(prepared.message())));
		});
	}

	/**
	 * Accepts the items of a batch. An item with an idempotency key is accepted on its
	 * own (the key may name an earlier message); the others are stored together, in one
	 * transaction with their send commands, so a batch costs a few statements instead of
	 * a transaction per message.
	 * @return each item's outcome, in the order given
	 */
	Mono<List<Outcome>> acceptAll(String tenantId, List<ValidSend> sends, String correlationId) {
		return Flux.fromIterable(sends).flatMapSequential((send) -> {
			if (send.idempotencyKey() != null) {
				return accept(tenantId, send, correlationId).map(Outcome::accepted)
					.onErrorResume(ApiProblem.class, (problem) -> Mono.just(Outcome.refused(problem)));
			}
			return Mono
				.deferContextual((context) -> Mono
					.fromCallable(() -> prepare(tenantId, send, correlationId, TraceIds.current(context))))
				.flatMap((prepared) -> checkTemplate(tenantId, prepared)
					.flatMap((decision) -> !decision.sendable() ? Mono.just(Outcome.refused(decision.problem()))
							: windowOpen(tenantId, prepared, send)
								.map((open) -> open ? Outcome.toStore(withTemplate(prepared, decision))
										: Outcome.refused(outsideWindow()))))
				.onErrorResume(ApiProblem.class, (problem) -> Mono.just(Outcome.refused(problem)));
		}, BATCH_CONCURRENCY).collectList().flatMap(this::storeTogether);
	}

	private Mono<List<Outcome>> storeTogether(List<Outcome> outcomes) {
		List<Prepared> toStore = outcomes.stream().map(Outcome::toStore).filter(Objects::nonNull).toList();
		if (toStore.isEmpty()) {
			return Mono.just(outcomes);
		}
		List<Outbox.Append> commands = toStore.stream()
			.map((prepared) -> new Outbox.Append(sendRequested(prepared.message(), prepared.channel()),
					sendKey(prepared)))
			.toList();
		Mono<Void> stored = this.messages.insertAll(toStore.stream().map(Prepared::message).toList())
			.then(this.outbox.appendAll(commands));
		return this.transactions.transactional(stored)
			.thenReturn(outcomes.stream()
				.map((outcome) -> (outcome.toStore() != null)
						? Outcome.accepted(new Accepted(outcome.toStore().message().id(), "accepted", false)) : outcome)
				.toList());
	}

	/**
	 * The message as it would be stored.
	 * @throws ApiProblem for an unknown or unsupported channel
	 */
	private Prepared prepare(String tenantId, ValidSend send, String correlationId, String traceId) {
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
		NewMessage message = new NewMessage(Uuids.random(), tenantId, channel.channelId(), channel.provider().name(),
				send.to(), send.type(), send.text(), send.content(), send.replyTo(), send.idempotencyKey(), hash,
				correlationId, null, Instant.now(), traceId);
		return new Prepared(message, channel);
	}

	private Mono<Boolean> windowOpen(String tenantId, Prepared prepared, ValidSend send) {
		return send.needsServiceWindow() ? this.windows.isOpen(tenantId, prepared.channel().phoneNumberId(), send.to())
				: Mono.just(true);
	}

	/**
	 * A message another service asked for on {@code messaging.commands.v1}: stored unless
	 * the tenant has it already (same id, or same idempotency key). Its send command is
	 * the one being handled, so none is appended.
	 * @return the message's id
	 */
	public Mono<UUID> acceptCommand(EventEnvelope<SendMessageCommand> event, UUID id, String clientMessageId,
			Channel channel) {
		return acceptCommand(event, id, clientMessageId, channel, ContentOfCommand.content(event.data()));
	}

	/**
	 * As {@link #acceptCommand(EventEnvelope, UUID, String, Channel)}, storing the given
	 * content (a template's fallback) in place of the command's.
	 */
	public Mono<UUID> acceptCommand(EventEnvelope<SendMessageCommand> event, UUID id, String clientMessageId,
			Channel channel, Map<String, Object> content) {
		SendMessageCommand command = event.data();
		String to = PhoneNumbers.toE164(command.to().startsWith("+") ? command.to() : "+" + command.to())
			.orElse(command.to());
		String hash = RequestFingerprint.of(channel.channelId(), to, command.type(), command.content(),
				command.replyTo());
		return Mono.deferContextual(
				(context) -> acceptCommand(
						new NewMessage(id, event.tenantId(), channel.channelId(), channel.provider().name(), to,
								command.type(), command.text(), content, command.replyTo(), command.idempotencyKey(),
								hash, event.correlationId(), clientMessageId, event.time(), TraceIds.current(context)),
						command));
	}

	private Mono<UUID> acceptCommand(NewMessage message, SendMessageCommand command) {
		UUID id = message.id();
		return this.messages.insert(message).flatMap((inserted) -> {
			if (inserted || command.idempotencyKey() == null) {
				return Mono.just(id);
			}
			return this.messages.exists(message.tenantId(), id)
				.flatMap((exists) -> exists ? Mono.just(id)
						: this.messages.findByIdempotencyKey(message.tenantId(), command.idempotencyKey())
							.map(AcceptedMessages.Earlier::id)
							.defaultIfEmpty(id));
		});
	}

	private Mono<Optional<UUID>> store(Prepared prepared) {
		NewMessage message = prepared.message();
		Mono<Optional<UUID>> stored = this.messages.insert(message)
			.flatMap((inserted) -> inserted
					? this.outbox.append(sendRequested(message, prepared.channel()), sendKey(prepared))
						.thenReturn(Optional.of(message.id()))
					: Mono.just(Optional.empty()));
		return this.transactions.transactional(stored);
	}

	/**
	 * Send commands are keyed by channel: one consumer owns a number's sends at a time.
	 */
	private static String sendKey(Prepared prepared) {
		return prepared.message().tenantId() + ":" + prepared.channel().channelId();
	}

	/**
	 * A repeat is answered with the first message even once the window has closed or its
	 * template stopped being sendable; anything else is refused.
	 */
	private Mono<Accepted> repeatOrRefuse(NewMessage message, ApiProblem refusal) {
		if (message.idempotencyKey() == null) {
			return Mono.error(refusal);
		}
		return this.messages.findByIdempotencyKey(message.tenantId(), message.idempotencyKey())
			.filter((first) -> first.requestHash() == null || first.requestHash().equals(message.requestHash()))
			.map((first) -> new Accepted(first.id(), first.status(), true))
			.switchIfEmpty(Mono.error(refusal));
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
		return new EventEnvelope<>(Uuids.random().toString(), EventType.MESSAGE_SEND_REQUESTED_V1, this.outbox.source(),
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

	/**
	 * A message ready to be stored, and the channel it goes through.
	 *
	 * @param message the message
	 * @param channel its channel
	 */
	record Prepared(NewMessage message, Channel channel) {
	}

	/**
	 * The outcome of one item of a batch: accepted, or refused with a problem (or, until
	 * stored, the message waiting to be stored with the others).
	 *
	 * @param accepted the accepted message, or null
	 * @param refused the reason it was refused, or null
	 * @param toStore the message still to be stored, or null
	 */
	record Outcome(Accepted accepted, ApiProblem refused, Prepared toStore) {

		static Outcome accepted(Accepted accepted) {
			return new Outcome(accepted, null, null);
		}

		static Outcome refused(ApiProblem problem) {
			return new Outcome(null, problem, null);
		}

		static Outcome toStore(Prepared prepared) {
			return new Outcome(null, null, prepared);
		}

	}

}
