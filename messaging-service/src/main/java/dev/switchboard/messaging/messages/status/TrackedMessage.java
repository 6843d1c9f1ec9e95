package dev.switchboard.messaging.messages.status;

import java.util.UUID;

/**
 * An outbound message as far as its delivery is concerned.
 *
 * @param id platform message id
 * @param tenantId owning tenant
 * @param channelId channel it goes through
 * @param recipient recipient in E.164
 * @param wamid WhatsApp message id, null until the provider accepted the message
 * @param state its delivery state
 */
public record TrackedMessage(UUID id, String tenantId, String channelId, String recipient, String wamid,
		DeliveryState state) {
}
