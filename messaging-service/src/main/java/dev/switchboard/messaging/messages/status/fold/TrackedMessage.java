package dev.switchboard.messaging.messages.status.fold;

import java.util.UUID;

/**
 * An outbound message as far as its delivery is concerned.
 *
 * @param id platform message id
 * @param tenantId owning tenant
 * @param channelId channel it goes through
 * @param recipient recipient in E.164
 * @param wamid WhatsApp message id, null until known
 * @param state its delivery state
 * @param clientMessageId the requesting service's id when it is not a UUID, else null
 */
public record TrackedMessage(UUID id, String tenantId, String channelId, String recipient, String wamid,
		DeliveryState state, String clientMessageId) {

	/** The id other services know the message by. */
	public String publicId() {
		return (this.clientMessageId != null) ? this.clientMessageId : this.id.toString();
	}

	/** The message in another delivery state. */
	public TrackedMessage with(DeliveryState next) {
		return new TrackedMessage(this.id, this.tenantId, this.channelId, this.recipient, this.wamid, next,
				this.clientMessageId);
	}

	/** The message linked to a wamid. */
	public TrackedMessage withWamid(String newWamid) {
		return new TrackedMessage(this.id, this.tenantId, this.channelId, this.recipient, newWamid, this.state,
				this.clientMessageId);
	}

}
