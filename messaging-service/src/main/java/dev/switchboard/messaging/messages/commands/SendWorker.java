package dev.switchboard.messaging.messages.commands;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.kafka.ConsumedEvent;
import dev.switchboard.events.kafka.EventHandler;
import dev.switchboard.events.messaging.SendMessageCommand;
import dev.switchboard.events.outbox.Outbox;
import dev.switchboard.messaging.channels.Channel;
import dev.switchboard.messaging.channels.ChannelDirectory;
import dev.switchboard.messaging.channels.Provider;
import dev.switchboard.messaging.messages.delivery.Delivery;
import dev.switchboard.messaging.messages.send.MessageAcceptance;
import dev.switchboard.messaging.templates.TemplateCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Handles send commands from {@code messaging.commands.v1}, keyed by channel so that one
 * consumer owns a number's sends at a time. A command from another service (e.g. an order
 * confirmation template) first becomes a stored message, idempotently on tenant and
 * message id (and idempotency key); then the message is delivered (see {@link Delivery}).
 * A template command is checked against the tenant's templates first: sent (or its
 * channel's fallback), or stored and failed with the refusal's code.
 */
@Component
class SendWorker implements EventHandler<SendMessageCommand> {

	static final String CONSUMER_GROUP = "messaging-service.sender";

	private static final Logger log = LoggerFactory.getLogger(SendWorker.class);

	private final Delivery delivery;

	private final MessageAcceptance acceptance;

	private final ChannelDirectory channels;

	private final Outbox outbox;

	private final TemplateCheck templates;

	SendWorker(Delivery delivery, MessageAcceptance acceptance, ChannelDirectory channels, Outbox outbox,
			TemplateCheck templates) {
		this.delivery = delivery;
		this.acceptance = acceptance;
		this.channels = channels;
		this.outbox = outbox;
		this.templates = templates;
	}

	@Override
	public Mono<Void> handle(ConsumedEvent<SendMessageCommand> consumed) {
		EventEnvelope<SendMessageCommand> event = consumed.event();
		SendMessageCommand command = event.data();
		String tenantId = event.tenantId();
		if (command.messageId() == null || command.messageId().isBlank() || command.to() == null
				|| command.type() == null) {
			log.warn("Ignoring incomplete send command {} of tenant {}", event.id(), tenantId);
			return Mono.empty();
		}
		UUID id = messageId(tenantId, command.messageId());
		if (this.outbox.source().equals(event.source())) {
			return this.delivery.deliver(tenantId, id);
		}
		Optional<Channel> known = this.channels.find(tenantId, command.channelId());
		Channel channel = known.orElseGet(() -> unknownChannel(tenantId, command));
		String clientId = id.toString().equals(command.messageId()) ? null : command.messageId();
		if (known.isEmpty() || !"template".equals(command.type()) || command.content() == null) {
			return this.acceptance.acceptCommand(event, id, clientId, channel)
				.flatMap((stored) -> this.delivery.deliver(tenantId, stored));
		}
		// A refused template is stored and failed with the refusal's code, so the
		// requester learns it from the message's status: never a lost command.
		return this.templates.check(tenantId, channel.templateFallbacks(), command.content())
			.flatMap((decision) -> decision.sendable()
					? this.acceptance.acceptCommand(event, id, clientId, channel, decision.template())
						.flatMap((stored) -> this.delivery.deliver(tenantId, stored))
					: this.acceptance.acceptCommand(event, id, clientId, channel)
						.flatMap((stored) -> this.delivery.refuse(tenantId, stored, decision.code(),
								decision.detail())));
	}

	/**
	 * The platform id of a requested message: the requester's id when it is a UUID, else
	 * a UUID derived from tenant and id (the requester's id is kept beside it).
	 */
	static UUID messageId(String tenantId, String requested) {
		try {
			return UUID.fromString(requested);
		}
		catch (IllegalArgumentException ex) {
			return UUID.nameUUIDFromBytes((tenantId + ":" + requested).getBytes(StandardCharsets.UTF_8));
		}
	}

	/** A channel the tenant does not have: the message is stored, then fails. */
	private static Channel unknownChannel(String tenantId, SendMessageCommand command) {
		String channelId = (command.channelId() != null) ? command.channelId() : "unknown";
		String number = (command.phoneNumberId() != null) ? command.phoneNumberId() : "unknown";
		return new Channel(tenantId, channelId, Provider.META, number, "none", null, null);
	}

}
