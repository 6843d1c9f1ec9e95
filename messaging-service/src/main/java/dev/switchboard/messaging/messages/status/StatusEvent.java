package dev.switchboard.messaging.messages.status;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.wa.WaStatus;
import dev.switchboard.messaging.messages.status.fold.StatusUpdate;
import dev.switchboard.messaging.messages.status.store.TrackedMessages;

/**
 * A status event with a wamid and a status this version tracks, ready to fold.
 *
 * @param envelope the event as consumed
 * @param update what it reports, as a fold input
 */
record StatusEvent(EventEnvelope<WaStatus> envelope, StatusUpdate update) {

	String id() {
		return this.envelope.id();
	}

	String tenantId() {
		return this.envelope.tenantId();
	}

	WaStatus status() {
		return this.envelope.data();
	}

	TrackedMessages.Wamid wamid() {
		return new TrackedMessages.Wamid(this.envelope.tenantId(), this.envelope.data().wamid());
	}

}
