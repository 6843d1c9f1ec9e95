package dev.switchboard.messaging.messages.status;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.switchboard.events.wa.WaStatus;
import dev.switchboard.messaging.channels.Channel;
import dev.switchboard.messaging.channels.ChannelDirectory;
import dev.switchboard.messaging.messages.status.fold.TrackedMessage;
import dev.switchboard.messaging.messages.status.store.HeldStatuses;
import dev.switchboard.messaging.messages.status.store.TrackedMessages;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Links statuses to messages whose wamid is not recorded: by
 * {@code biz_opaque_callback_data} when it names a platform message ({@code sb:<id>}, set
 * on every send), else, for channels whose provider returns no wamid (CBB), by channel
 * number (any of the tenant's when the channel names none) and recipient within a window
 * (oldest message first). Each link records how it was made ({@code callback_data} or
 * {@code recipient_window}).
 */
@Component
public class StatusCorrelation {

	static final String CALLBACK_PREFIX = "sb:";

	private final TrackedMessages messages;

	private final HeldStatuses held;

	private final StatusRecorder recorder;

	private final ChannelDirectory channels;

	private final StatusProperties properties;

	StatusCorrelation(TrackedMessages messages, HeldStatuses held, StatusRecorder recorder, ChannelDirectory channels,
			StatusProperties properties) {
		this.messages = messages;
		this.held = held;
		this.recorder = recorder;
		this.channels = channels;
		this.properties = properties;
	}

	/**
	 * The message a status with an unknown wamid belongs to, now linked to the wamid and
	 * locked; empty when none matches. Call with the wamid lock held.
	 */
	Mono<TrackedMessage> correlate(String tenantId, WaStatus status, Instant at) {
		Mono<TrackedMessage> byCallback = callbackId(status.bizOpaqueCallbackData())
			.map((id) -> this.messages.lockAwaitingWamid(tenantId, id)
				.flatMap((message) -> link(message, status.wamid(), "callback_data")))
			.orElseGet(Mono::empty);
		return byCallback.switchIfEmpty(Mono.defer(() -> byRecipient(tenantId, status, at)));
	}

	private Mono<TrackedMessage> byRecipient(String tenantId, WaStatus status, Instant at) {
		if (status.recipientId() == null || status.phoneNumberId() == null) {
			return Mono.empty();
		}
		List<String> withoutWamid = this.channels.cbbChannelsFor(tenantId, status.phoneNumberId())
			.stream()
			.map(Channel::channelId)
			.toList();
		if (withoutWamid.isEmpty()) {
			return Mono.empty();
		}
		String recipient = "+" + status.recipientId().replaceAll("[^0-9]", "");
		return this.messages
			.lockOldestAwaitingWamid(tenantId, withoutWamid, recipient,
					at.minus(this.properties.recipientMatchWindow()))
			.flatMap((message) -> link(message, status.wamid(), "recipient_window"));
	}

	/**
	 * First step of recording that CBB took a message, before the message's row is
	 * locked: the wamid of a status held for its recipient that no message has (it
	 * arrived before the send was recorded), with that wamid's lock taken. Locks follow
	 * the status fold's order, wamid before message, so that the two never deadlock.
	 * @return the held wamid, now locked, or empty when there is none
	 */
	public Mono<Optional<String>> lockHeldForRecipient(String tenantId, UUID id) {
		return this.messages.findAwaitingWamid(tenantId, id).flatMap((message) -> {
			Optional<Channel> channel = this.channels.find(tenantId, message.channelId());
			if (channel.isEmpty()) {
				return Mono.<String>empty();
			}
			Instant since = message.state().times().values().stream().min(Instant::compareTo).orElse(Instant.now());
			// A channel that names no number takes a held status of any of the tenant's.
			String number = ChannelDirectory.namesNumber(channel.get()) ? channel.get().phoneNumberId() : null;
			return this.held.unclaimedWamid(tenantId, number, message.recipient().replaceAll("[^0-9]", ""),
					since.minus(this.properties.recipientMatchWindow()));
		})
			.flatMap((wamid) -> this.messages.lockWamid(tenantId, wamid).thenReturn(wamid))
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty());
	}

	/**
	 * Links a held wamid found by {@link #lockHeldForRecipient} (its lock held) to the
	 * message CBB took, unless another message took the wamid before its lock was had.
	 * Call inside the transaction recording the send.
	 */
	public Mono<Void> linkHeld(String tenantId, UUID id, String wamid) {
		return this.messages.lockAwaitingWamid(tenantId, id)
			.filterWhen((message) -> this.messages.hasWamid(tenantId, wamid).map((taken) -> !taken))
			.flatMap((message) -> link(message, wamid, "recipient_window"))
			.then();
	}

	private Mono<TrackedMessage> link(TrackedMessage message, String wamid, String how) {
		return this.messages.assignWamid(message.tenantId(), message.id(), wamid, how)
			.filter(Boolean::booleanValue)
			.flatMap((linked) -> this.recorder.applyHeld(message.withWamid(wamid)));
	}

	static Optional<UUID> callbackId(String callbackData) {
		if (callbackData == null || !callbackData.startsWith(CALLBACK_PREFIX)) {
			return Optional.empty();
		}
		try {
			return Optional.of(UUID.fromString(callbackData.substring(CALLBACK_PREFIX.length())));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
