package dev.switchboard.messaging.messages.status;

import java.util.UUID;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.wa.WaStatus;
import dev.switchboard.messaging.messages.status.fold.StatusUpdate;
import dev.switchboard.messaging.messages.status.store.StatusTraces;
import dev.switchboard.messaging.messages.status.store.TrackedMessages;

/**
 * A status event with a wamid and a status this version tracks, ready to fold.
 *
 * @param envelope the event as consumed
 * @param update what it reports, as a fold input
 * @param traceId the trace it is folded in, null without tracing
 */
record StatusEvent(EventEnvelope<WaStatus> envelope, StatusUpdate update, String traceId) {

	StatusEvent(EventEnvelope<WaStatus> envelope, StatusUpdate update) {
		this(envelope, update, null);
	}

	String id() {
		return this.envelope.id();
	}

	String tenantId() {
		return this.envelope.tenantId();
	}

	WaStatus status() {
		return this.envelope.data();
	}

	/** Its trace, recorded for the message it is folded into. */
	StatusTraces.StatusTrace trace(UUID messageId) {
		return new StatusTraces.StatusTrace(messageId, this.update.status().value(), this.traceId);
	}

	TrackedMessages.Wamid wamid() {
		return new TrackedMessages.Wamid(this.envelope.tenantId(), this.envelope.data().wamid());
	}

}
